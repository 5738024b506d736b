import { Button, Col, Form, Input, InputNumber, Row, Typography } from 'antd';
import type { FormInstance } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Procedure } from '../../api/types';
import type { ReceptionValues } from './form';

/**
 * Reception, step 3 (below the checklist): the fees collected at the desk, prefilled from the procedure's
 * fee schedule; a fee with an amount needs its receipt number (checked only when the dossier is accepted).
 */
export function FeesSection({ form, p }: { form: FormInstance<ReceptionValues>; p: Procedure }) {
  const { t } = useTranslation();
  return (
    <>
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('procedure.fees')}
      </Typography.Title>
      {p.feeText && (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {p.feeText}
        </Typography.Paragraph>
      )}
      <Form.List name="fees">
        {(fields, { add, remove }) => (
          <div data-testid="desk-fees">
            {fields.map((f) => (
              <Row gutter={8} key={f.key} align="top" wrap>
                <Col xs={24} md={10}>
                  <Form.Item name={[f.name, 'name']} rules={[{ required: true, whitespace: true, message: t('desk.feeNameRequired') }]}>
                    <Input placeholder={t('proc.feeName')} aria-label={t('proc.feeName')} data-testid={`desk-fee-name-${f.name}`} />
                  </Form.Item>
                </Col>
                <Col xs={10} md={5}>
                  <Form.Item name={[f.name, 'amount']} rules={[{ required: true, message: t('desk.feeAmountRequired') }]}>
                    <InputNumber
                      min={0}
                      step={1000}
                      precision={0}
                      style={{ width: '100%' }}
                      aria-label={t('proc.feeAmount')}
                      placeholder={t('proc.feeAmount')}
                      formatter={(v) => `${v ?? ''}`.replace(/\B(?=(\d{3})+(?!\d))/g, '.')}
                      parser={(v) => Number((v ?? '').replace(/\D/g, '')) as 0}
                      suffix="đ"
                      data-testid={`desk-fee-amount-${f.name}`}
                    />
                  </Form.Item>
                </Col>
                <Col xs={12} md={7}>
                  <Form.Item
                    name={[f.name, 'receiptNumber']}
                    rules={[
                      {
                        validator: (_, value: string | undefined) =>
                          (value ?? '').trim() || (form.getFieldValue(['fees', f.name, 'amount']) ?? 0) <= 0
                            ? Promise.resolve()
                            : Promise.reject(new Error(t('desk.receiptRequired'))),
                      },
                    ]}
                  >
                    <Input placeholder={t('desk.receiptNumber')} aria-label={t('desk.receiptNumber')} data-testid={`desk-fee-receipt-${f.name}`} maxLength={50} />
                  </Form.Item>
                </Col>
                <Col xs={2} md={2}>
                  <Button
                    icon={<DeleteOutlined />}
                    aria-label={t('desk.removeFee')}
                    title={t('desk.removeFee')}
                    onClick={() => remove(f.name)}
                    data-testid={`desk-fee-remove-${f.name}`}
                  />
                </Col>
              </Row>
            ))}
            {fields.length === 0 && (
              <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                {t('desk.noFees')}
              </Typography.Paragraph>
            )}
            <Button icon={<PlusOutlined />} onClick={() => add({ name: '', amount: null, receiptNumber: '' })} data-testid="desk-fee-add">
              {t('proc.addFee')}
            </Button>
          </div>
        )}
      </Form.List>
    </>
  );
}
