import type { ReactNode } from 'react';
import { App, AutoComplete, Button, Card, Checkbox, Col, Form, InputNumber, Row, Table, Typography, Upload } from 'antd';
import type { FormInstance, UploadFile } from 'antd';
import { PaperClipOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Procedure } from '../../api/types';
import { attachmentBeforeUpload } from '../../lib/upload-check';
import { missingDocuments, type DocRow, type ReceptionValues } from './form';

/** The scanned files of each checklist row, by row index. */
export type ScansByRow = Record<number, UploadFile[]>;

/**
 * Reception, step 3: the procedure's checklist — what was handed in, scans of it, how many sets, and
 * where the result will be returned. A row with a scan counts as provided.
 */
export function ChecklistCard({ form, p, busy, docFiles, setDocFiles, children }: {
  form: FormInstance<ReceptionValues>;
  /** The chosen procedure, once loaded. */
  p: Procedure | undefined;
  busy: boolean;
  docFiles: ScansByRow;
  setDocFiles: (update: (prev: ScansByRow) => ScansByRow) => void;
  /** Shown below the checklist once the procedure is loaded (the fees). */
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  // preserve: names and counts are values without a Form.Item of their own.
  const documents = Form.useWatch('documents', { form, preserve: true }) as DocRow[] | undefined;
  const missingDocs = missingDocuments(documents);
  const beforeUpload = attachmentBeforeUpload(t, (text) => message.error(text));

  return (
    <Card size="small" title={t('desk.stepDocuments')} style={{ marginBottom: 16 }}>
      {!p ? (
        <Typography.Text type="secondary">{t('desk.chooseProcedureFirst')}</Typography.Text>
      ) : (
        <>
          <Form.List name="documents">
            {(fields) => (
              <Table
                size="small"
                rowKey="key"
                pagination={false}
                dataSource={fields}
                scroll={{ x: 640 }}
                data-testid="desk-docs"
                locale={{ emptyText: t('desk.noDocuments') }}
                style={{ marginBottom: 16 }}
                columns={[
                  {
                    title: (
                      <Checkbox
                        data-testid="desk-doc-all"
                        checked={!!documents?.length && missingDocs.length === 0}
                        indeterminate={missingDocs.length > 0 && missingDocs.length < (documents?.length ?? 0)}
                        onChange={(e) =>
                          form.setFieldValue(
                            'documents',
                            ((form.getFieldValue('documents') as DocRow[]) ?? []).map((d) => ({ ...d, provided: e.target.checked })),
                          )
                        }
                      >
                        {t('desk.provided')}
                      </Checkbox>
                    ),
                    width: 120,
                    render: (_, f) => (
                      <Form.Item name={[f.name, 'provided']} valuePropName="checked" noStyle>
                        <Checkbox data-testid={`desk-doc-${f.name}`} aria-label={`${t('desk.provided')}: ${documents?.[f.name]?.name ?? ''}`}>
                          {t('desk.providedShort')}
                        </Checkbox>
                      </Form.Item>
                    ),
                  },
                  {
                    title: t('procedure.docName'),
                    render: (_, f) => documents?.[f.name]?.name,
                  },
                  {
                    title: t('procedure.originals'),
                    width: 90,
                    align: 'center',
                    render: (_, f) => documents?.[f.name]?.originals ?? 0,
                  },
                  {
                    title: t('procedure.copies'),
                    width: 90,
                    align: 'center',
                    render: (_, f) => documents?.[f.name]?.copies ?? 0,
                  },
                  {
                    title: t('desk.scan'),
                    width: 220,
                    render: (_, f) => (
                      <div data-testid={`desk-doc-upload-${f.name}`}>
                        <Upload
                          multiple
                          accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
                          beforeUpload={beforeUpload}
                          fileList={docFiles[f.name] ?? []}
                          onChange={({ fileList }) => {
                            setDocFiles((prev) => ({ ...prev, [f.name]: fileList }));
                            if (fileList.length > 0) form.setFieldValue(['documents', f.name, 'provided'], true);
                          }}
                          disabled={busy}
                        >
                          <Button size="small" icon={<PaperClipOutlined />} disabled={busy}>
                            {t('desk.scanButton')}
                          </Button>
                        </Upload>
                      </div>
                    ),
                  },
                ]}
              />
            )}
          </Form.List>
          <Row gutter={16}>
            <Col xs={24} md={6}>
              <Form.Item name="sets" label={t('desk.sets')} rules={[{ required: true, type: 'integer', min: 1, message: t('desk.setsRule') }]}>
                <InputNumber data-testid="desk-sets" min={1} max={99} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={24} md={18}>
              <Form.Item name="returnPlace" label={t('desk.returnPlace')} rules={[{ required: true, whitespace: true, message: t('desk.returnPlaceRequired') }]}>
                <AutoComplete
                  data-testid="desk-return-place"
                  options={[t('desk.returnPlaceDefault'), t('desk.returnPlacePost'), t('desk.returnPlaceOnline')].map((v) => ({ value: v }))}
                  maxLength={300}
                />
              </Form.Item>
            </Col>
          </Row>
          {children}
        </>
      )}
    </Card>
  );
}
