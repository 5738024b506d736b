import { AutoComplete, Button, Checkbox, Col, Form, Input, InputNumber, Row, Select, Table, Typography } from 'antd';
import type { FormInstance, FormItemProps } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useFields } from '../../catalog/api';
import type { AdminProcedure, ProcedureInput } from '../../api/types';

const { TextArea } = Input;

export const LEVELS = ['province', 'department', 'division', 'commune'] as const;
export const ONLINE_LEVELS = ['full', 'partial', 'info'] as const;
const CUTOFF = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

/** Values of the "general information" form (ProcedureInput without the e-form). */
export type GeneralValues = Omit<ProcedureInput, 'formSchema' | 'uiSchema' | 'fees' | 'documents'> & {
  fees: { name: string; amount: number | null; note?: string | null }[];
  documents: { name: string; originals: number | null; copies: number | null; template?: string | null; upload?: boolean }[];
};

export const EMPTY_GENERAL: GeneralValues = {
  code: '',
  name: '',
  field: { code: '', name: '' },
  level: 'commune',
  processingTime: { amount: 1, unit: 'day', text: '' },
  cutOff: '',
  fees: [],
  feeText: '',
  documents: [],
  steps: '',
  conditions: '',
  legalBasis: [],
  result: '',
  applicants: [],
  onlineLevel: 'full',
  keywords: '',
};

/** Form values from a stored procedure (nulls become empty values). */
export function toGeneralValues(p: AdminProcedure): GeneralValues {
  return {
    code: p.code,
    name: p.name ?? '',
    field: { code: p.field?.code ?? '', name: p.field?.name ?? '' },
    level: p.level ?? 'commune',
    processingTime: {
      amount: p.processingTime?.amount ?? 1,
      unit: p.processingTime?.unit === 'hour' ? 'hour' : 'day',
      text: p.processingTime?.text ?? '',
    },
    cutOff: p.cutOff ?? '',
    fees: (p.fees ?? []).map((f) => ({ name: f.name ?? '', amount: f.amount ?? 0, note: f.note ?? '' })),
    feeText: p.feeText ?? '',
    documents: (p.documents ?? []).map((d) => ({
      name: d.name ?? '',
      originals: d.originals ?? 0,
      copies: d.copies ?? 0,
      template: d.template ?? '',
      upload: !!d.upload,
    })),
    steps: p.steps ?? '',
    conditions: p.conditions ?? '',
    legalBasis: p.legalBasis ?? [],
    result: p.result ?? '',
    applicants: p.applicants ?? [],
    onlineLevel: p.onlineLevel ?? 'full',
    keywords: p.keywords ?? '',
  };
}

const trim = (s: string | null | undefined) => (s ?? '').trim();

/** One editable cell of a list field (fees, documents): a Form.Item bound to row `row`, key `key`. */
function cell(row: number, key: string, child: React.ReactNode, props: FormItemProps = {}) {
  return (
    <Form.Item name={[row, key]} style={{ margin: 0 }} {...props}>
      {child}
    </Form.Item>
  );
}

/** ProcedureInput (without the e-form) from the form values: trimmed, empty rows and list items dropped. */
export function fromGeneralValues(v: GeneralValues): Omit<ProcedureInput, 'formSchema' | 'uiSchema'> {
  return {
    code: trim(v.code),
    name: trim(v.name),
    field: { code: trim(v.field?.code), name: trim(v.field?.name) },
    level: v.level,
    processingTime: { amount: Number(v.processingTime?.amount ?? 0), unit: v.processingTime?.unit ?? 'day', text: trim(v.processingTime?.text) },
    cutOff: trim(v.cutOff),
    fees: (v.fees ?? [])
      .filter((f) => trim(f?.name))
      .map((f) => ({ name: trim(f.name), amount: Number(f.amount ?? 0), ...(trim(f.note) ? { note: trim(f.note) } : {}) })),
    feeText: trim(v.feeText),
    documents: (v.documents ?? [])
      .filter((d) => trim(d?.name))
      .map((d) => ({
        name: trim(d.name),
        originals: Number(d.originals ?? 0),
        copies: Number(d.copies ?? 0),
        ...(trim(d.template) ? { template: trim(d.template) } : {}),
        upload: !!d.upload,
      })),
    steps: trim(v.steps),
    conditions: trim(v.conditions),
    legalBasis: (v.legalBasis ?? []).map(trim).filter(Boolean),
    result: trim(v.result),
    applicants: (v.applicants ?? []).map(trim).filter(Boolean),
    onlineLevel: v.onlineLevel,
    keywords: trim(v.keywords),
  };
}

/** "Thông tin chung": every scalar field, fees and documents as editable tables. */
export function GeneralForm({ form, isNew }: { form: FormInstance<GeneralValues>; isNew: boolean }) {
  const { t } = useTranslation();
  const fields = useFields();
  const required = [{ required: true, whitespace: true, message: t('validation.required') }];
  const fieldOptions = (fields.data?.items ?? []).map((f) => ({ value: f.code, label: `${f.code} — ${f.name}` }));

  return (
    <>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item
            name="code"
            label={t('procedure.code')}
            rules={[...required, { pattern: /^[A-Za-z0-9._-]+$/, message: t('proc.codeRule') }]}
            extra={isNew ? t('proc.codeHint') : t('proc.codeLocked')}
          >
            <Input disabled={!isNew} data-testid="proc-code" placeholder="1.000000" />
          </Form.Item>
        </Col>
        <Col xs={24} md={16}>
          <Form.Item name="name" label={t('proc.name')} rules={required}>
            <TextArea autoSize={{ minRows: 1, maxRows: 4 }} data-testid="proc-name" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name={['field', 'code']} label={t('proc.fieldCode')} rules={required} extra={t('proc.fieldHint')}>
            <AutoComplete
              options={fieldOptions}
              data-testid="proc-field-code"
              filterOption={(input, option) => (option?.label ?? '').toLowerCase().includes(input.toLowerCase())}
              onSelect={(code: string) => {
                const f = fields.data?.items.find((x) => x.code === code);
                if (f) form.setFieldValue(['field', 'name'], f.name);
              }}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={16}>
          <Form.Item name={['field', 'name']} label={t('proc.fieldName')} rules={required}>
            <Input data-testid="proc-field-name" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="level" label={t('procedure.level')} rules={[{ required: true, message: t('validation.required') }]}>
            <Select data-testid="proc-level" options={LEVELS.map((l) => ({ value: l, label: t(`level.${l}`) }))} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="onlineLevel" label={t('procedure.onlineLevel')} rules={[{ required: true, message: t('validation.required') }]}>
            <Select data-testid="proc-online-level" options={ONLINE_LEVELS.map((l) => ({ value: l, label: t(`onlineLevel.${l}`) }))} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="cutOff" label={t('proc.cutOff')} rules={[{ pattern: CUTOFF, message: t('proc.cutOffRule') }]} extra={t('calendar.toolCutOffHint')}>
            <Input placeholder="HH:MM" data-testid="proc-cutoff" maxLength={5} />
          </Form.Item>
        </Col>
        <Col xs={12} md={4}>
          <Form.Item name={['processingTime', 'amount']} label={t('procedure.processingTime')} rules={[{ required: true, message: t('validation.required') }]}>
            <InputNumber min={0} step={1} style={{ width: '100%' }} data-testid="proc-time-amount" />
          </Form.Item>
        </Col>
        <Col xs={12} md={4}>
          <Form.Item name={['processingTime', 'unit']} label={t('calendar.toolUnit')}>
            <Select
              data-testid="proc-time-unit"
              options={[
                { value: 'day', label: t('calendar.unitDay') },
                { value: 'hour', label: t('calendar.unitHour') },
              ]}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={16}>
          <Form.Item name={['processingTime', 'text']} label={t('proc.timeText')}>
            <Input placeholder={t('proc.timeTextPlaceholder')} data-testid="proc-time-text" />
          </Form.Item>
        </Col>
        <Col xs={24}>
          <Form.Item name="keywords" label={t('proc.keywords')} extra={t('proc.keywordsHint')}>
            <Input data-testid="proc-keywords" />
          </Form.Item>
        </Col>
      </Row>

      <Typography.Title level={5}>{t('procedure.fees')}</Typography.Title>
      <Form.List name="fees">
        {(rows, { add, remove }) => (
          <>
            <Table
              size="small"
              pagination={false}
              rowKey="key"
              dataSource={rows}
              data-testid="proc-fees"
              locale={{ emptyText: t('procedure.noFee') }}
              columns={[
                {
                  title: t('proc.feeName'),
                  key: 'name',
                  render: (_, r) => cell(r.name, 'name', <Input data-testid={`proc-fee-name-${r.name}`} />, { rules: required }),
                },
                {
                  title: t('proc.feeAmount'),
                  key: 'amount',
                  width: 170,
                  render: (_, r) => cell(r.name, 'amount', <InputNumber
                        min={0}
                        step={1000}
                        style={{ width: '100%' }}
                        formatter={(v) => `${v ?? ''}`.replace(/\B(?=(\d{3})+(?!\d))/g, '.')}
                        parser={(v) => Number((v ?? '').replace(/\./g, '')) as 0}
                        data-testid={`proc-fee-amount-${r.name}`}
                      />),
                },
                {
                  title: t('proc.feeNote'),
                  key: 'note',
                  render: (_, r) => cell(r.name, 'note', <Input />),
                },
                {
                  key: 'x',
                  width: 48,
                  render: (_, r) => <Button size="small" danger icon={<DeleteOutlined />} onClick={() => remove(r.name)} aria-label={t('fb.remove')} />,
                },
              ]}
            />
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '', amount: 0, note: '' })} style={{ margin: '8px 0 16px' }} data-testid="proc-fee-add">
              {t('proc.addFee')}
            </Button>
          </>
        )}
      </Form.List>
      <Form.Item name="feeText" label={t('proc.feeText')}>
        <TextArea autoSize={{ minRows: 1, maxRows: 4 }} />
      </Form.Item>

      <Typography.Title level={5}>{t('procedure.documents')}</Typography.Title>
      <Form.List name="documents">
        {(rows, { add, remove }) => (
          <>
            <Table
              size="small"
              pagination={false}
              rowKey="key"
              dataSource={rows}
              data-testid="proc-documents"
              scroll={{ x: 900 }}
              columns={[
                {
                  title: t('procedure.docName'),
                  key: 'name',
                  render: (_, r) => cell(r.name, 'name', <TextArea autoSize={{ minRows: 1, maxRows: 4 }} data-testid={`proc-doc-name-${r.name}`} />, { rules: required }),
                },
                {
                  title: t('procedure.originals'),
                  key: 'originals',
                  width: 90,
                  render: (_, r) => cell(r.name, 'originals', <InputNumber min={0} style={{ width: '100%' }} />),
                },
                {
                  title: t('procedure.copies'),
                  key: 'copies',
                  width: 90,
                  render: (_, r) => cell(r.name, 'copies', <InputNumber min={0} style={{ width: '100%' }} />),
                },
                {
                  title: t('proc.template'),
                  key: 'template',
                  width: 220,
                  render: (_, r) => cell(r.name, 'template', <Input />),
                },
                {
                  title: t('proc.allowUpload'),
                  key: 'upload',
                  width: 130,
                  align: 'center',
                  render: (_, r) => cell(r.name, 'upload', <Checkbox data-testid={`proc-doc-upload-${r.name}`} aria-label={t('proc.allowUpload')} />, { valuePropName: 'checked' }),
                },
                {
                  key: 'x',
                  width: 48,
                  render: (_, r) => <Button size="small" danger icon={<DeleteOutlined />} onClick={() => remove(r.name)} aria-label={t('fb.remove')} />,
                },
              ]}
            />
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              onClick={() => add({ name: '', originals: 1, copies: 0, template: '', upload: false })}
              style={{ margin: '8px 0 16px' }}
              data-testid="proc-doc-add"
            >
              {t('proc.addDocument')}
            </Button>
          </>
        )}
      </Form.List>

      <Form.Item name="steps" label={t('procedure.steps')}>
        <TextArea autoSize={{ minRows: 3, maxRows: 12 }} data-testid="proc-steps" />
      </Form.Item>
      <Form.Item name="conditions" label={t('procedure.conditions')}>
        <TextArea autoSize={{ minRows: 2, maxRows: 10 }} />
      </Form.Item>
      <Form.Item name="result" label={t('procedure.result')}>
        <TextArea autoSize={{ minRows: 1, maxRows: 6 }} />
      </Form.Item>
      <Form.Item name="applicants" label={t('procedure.applicants')} extra={t('proc.tagsHint')}>
        <Select mode="tags" tokenSeparators={[';']} open={false} suffixIcon={null} data-testid="proc-applicants" />
      </Form.Item>
      <Form.Item label={t('procedure.legalBasis')}>
        <Form.List name="legalBasis">
          {(rows, { add, remove }) => (
            <>
              {rows.map((r) => (
                <div key={r.key} style={{ display: 'flex', gap: 8, marginBottom: 8 }}>
                  <Form.Item name={r.name} style={{ margin: 0, flex: 1 }}>
                    <Input data-testid={`proc-legal-${r.name}`} />
                  </Form.Item>
                  <Button danger icon={<DeleteOutlined />} onClick={() => remove(r.name)} aria-label={t('fb.remove')} />
                </div>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add('')} data-testid="proc-legal-add">
                {t('proc.addLegal')}
              </Button>
            </>
          )}
        </Form.List>
      </Form.Item>
    </>
  );
}
