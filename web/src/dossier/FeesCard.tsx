import { App, AutoComplete, Button, Card, Empty, Form, Input, InputNumber, Space, Table, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../api/client';
import { useAddDossierFee } from './api';
import type { DossierFee, ProcedureFee } from '../api/types';
import { formatDateTime, formatMoney } from '../lib/format';

interface FeeValues {
  name: string;
  amount: number | null;
  receiptNumber: string;
}

/** "Phí, lệ phí" of a dossier; desk officers can record a fee with its receipt number. */
export function FeesCard({
  dossierId,
  fees,
  procedureFees,
  canAdd,
}: {
  dossierId: string;
  fees: DossierFee[];
  procedureFees: ProcedureFee[];
  canAdd: boolean;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FeeValues>();
  const add = useAddDossierFee(dossierId);
  const total = fees.reduce((s, f) => s + (f.amount ?? 0), 0);

  async function onFinish(v: FeeValues) {
    try {
      await add.mutateAsync({ name: v.name.trim(), amount: v.amount ?? 0, receiptNumber: v.receiptNumber.trim() });
      message.success(t('fees.added'));
      form.resetFields();
    } catch (err) {
      if (err instanceof ApiError && err.problem.errors?.length) {
        const known = new Set(['name', 'amount', 'receiptNumber']);
        form.setFields(
          err.problem.errors
            .map((e) => ({ name: e.path.replace(/^[/#]+/, '').split(/[/.]/)[0] as keyof FeeValues, errors: [e.message] }))
            .filter((f) => known.has(f.name)),
        );
      }
      message.error(errorMessage(err, t('common.error')), 6);
    }
  }

  return (
    <Card size="small" title={t('fees.title')} style={{ marginBottom: 16 }} data-testid="dossier-fees">
      {fees.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('fees.empty')} style={{ margin: '8px 0' }} />
      ) : (
        <Table<DossierFee>
          size="small"
          rowKey={(f, i) => `${f.receiptNumber}-${i}`}
          pagination={false}
          dataSource={fees}
          scroll={{ x: 480 }}
          columns={[
            { title: t('fees.name'), dataIndex: 'name' },
            { title: t('fees.amount'), dataIndex: 'amount', align: 'right', width: 120, render: (v: number) => formatMoney(v) },
            { title: t('fees.receiptNumber'), dataIndex: 'receiptNumber', width: 140 },
            { title: t('fees.paidAt'), dataIndex: 'paidAt', width: 150, render: (v?: string | null) => formatDateTime(v) },
          ]}
          summary={() =>
            fees.length > 1 ? (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>
                  <Typography.Text strong>{t('fees.total')}</Typography.Text>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={1} align="right">
                  <Typography.Text strong>{formatMoney(total)}</Typography.Text>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={2} colSpan={2} />
              </Table.Summary.Row>
            ) : null
          }
        />
      )}
      {canAdd && (
        <Form<FeeValues> form={form} layout="vertical" onFinish={(v) => void onFinish(v)} style={{ marginTop: 12 }} disabled={add.isPending}>
          <Space wrap align="start" size={8}>
            <Form.Item name="name" label={t('fees.name')} rules={[{ required: true, whitespace: true, message: t('desk.feeNameRequired') }]} style={{ marginBottom: 0 }}>
              <AutoComplete
                data-testid="fee-name"
                style={{ width: 260 }}
                options={procedureFees.map((f) => ({ value: f.name, label: f.amount ? `${f.name} (${formatMoney(f.amount)})` : f.name }))}
                onSelect={(value: string) => {
                  const match = procedureFees.find((f) => f.name === value);
                  if (match?.amount != null) form.setFieldValue('amount', match.amount);
                }}
                filterOption={(input, option) => String(option?.value ?? '').toLowerCase().includes(input.toLowerCase())}
              />
            </Form.Item>
            <Form.Item name="amount" label={t('fees.amount')} rules={[{ required: true, message: t('desk.feeAmountRequired') }]} style={{ marginBottom: 0 }}>
              <InputNumber
                data-testid="fee-amount"
                min={0}
                step={1000}
                precision={0}
                style={{ width: 150 }}
                formatter={(v) => `${v ?? ''}`.replace(/\B(?=(\d{3})+(?!\d))/g, '.')}
                parser={(v) => Number((v ?? '').replace(/\D/g, '')) as 0}
                suffix="đ"
              />
            </Form.Item>
            <Form.Item
              name="receiptNumber"
              label={t('fees.receiptNumber')}
              rules={[{ required: true, whitespace: true, message: t('desk.receiptRequired') }]}
              style={{ marginBottom: 0 }}
            >
              <Input data-testid="fee-receipt" style={{ width: 160 }} maxLength={50} />
            </Form.Item>
            <Form.Item label=" " style={{ marginBottom: 0 }}>
              <Button htmlType="submit" icon={<PlusOutlined />} loading={add.isPending} data-testid="fee-add">
                {t('fees.add')}
              </Button>
            </Form.Item>
          </Space>
        </Form>
      )}
    </Card>
  );
}
