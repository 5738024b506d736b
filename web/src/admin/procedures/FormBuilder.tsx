import { Component, useMemo, useRef, useState } from 'react';
import type { ErrorInfo, ReactNode } from 'react';
import { Alert, App, Button, Card, Checkbox, Col, Empty, Flex, Form as AntForm, Input, InputNumber, Modal, Popconfirm, Row, Select, Space, Tag, Tooltip, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, CodeOutlined, DeleteOutlined, DownOutlined, HolderOutlined, PlusOutlined, RightOutlined } from '@ant-design/icons';
import Form from '@rjsf/antd';
import validator from '@rjsf/validator-ajv8';
import type { RJSFSchema, UiSchema } from '@rjsf/utils';
import { useTranslation } from 'react-i18next';
import { eformWidgets } from '../../lib/eform-widgets';
import { makeTransformErrors, rjsfTranslator } from '../../lib/eform';
import {
  changeType,
  emptyField,
  FIELD_TYPES,
  moveItem,
  readForm,
  renderableFields,
  setRequired,
  setTitle,
  toCamelKey,
  uniqueKey,
  updateListAt,
  validateFields,
  writeForm,
} from '../../lib/form-builder';
import type { BuilderField, BuilderForm, BuilderIssue, FieldType } from '../../lib/form-builder';

const { TextArea } = Input;

/** Catches rendering errors of the live preview (a half-edited schema must not break the page). */
class PreviewBoundary extends Component<{ children: ReactNode; fallback: (err: Error) => ReactNode }, { error: Error | null }> {
  state: { error: Error | null } = { error: null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  componentDidCatch(_error: Error, _info: ErrorInfo) {
    /* shown in the fallback */
  }
  render() {
    return this.state.error ? this.props.fallback(this.state.error) : this.props.children;
  }
}

/** Test-id suffix of a field: "2" at the top level, "2-0" for the first field of group 2. */
function pathId(path: number[]): string {
  return path.join('-');
}

interface ListCtx {
  issues: Map<string, BuilderIssue['kind'][]>;
  onListChange: (path: number[], fn: (list: BuilderField[]) => BuilderField[]) => void;
  drag: React.MutableRefObject<{ list: string; index: number } | null>;
}

function FieldRow({ field, path, siblings, ctx }: { field: BuilderField; path: number[]; siblings: BuilderField[]; ctx: ListCtx }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [dropHint, setDropHint] = useState(false);
  const rowRef = useRef<HTMLDivElement>(null);
  const index = path[path.length - 1];
  const listPath = path.slice(0, -1);
  const listKey = listPath.join('.');
  const id = pathId(path);
  const issues = ctx.issues.get(path.join('.')) ?? [];
  const keyIssue = issues.find((k) => k === 'keyEmpty' || k === 'keyInvalid' || k === 'keyDuplicate');
  const otherKeys = siblings.filter((_, i) => i !== index).map((f) => f.key);

  const update = (fn: (f: BuilderField) => BuilderField) => ctx.onListChange(listPath, (list) => list.map((f, i) => (i === index ? fn(f) : f)));
  const move = (to: number) => ctx.onListChange(listPath, (list) => moveItem(list, index, to));
  const remove = () => ctx.onListChange(listPath, (list) => list.filter((_, i) => i !== index));
  const nested = field.type === 'group' || field.type === 'repeat';

  const typeOptions = (field.type === 'custom' ? [...FIELD_TYPES, 'custom' as FieldType] : FIELD_TYPES).map((v) => ({
    value: v,
    label: t(`fb.type.${v}`),
    disabled: v === 'custom',
  }));

  return (
    <div
      ref={rowRef}
      className={`mc-fb-row${dropHint ? ' mc-fb-drop' : ''}`}
      data-testid={`fb-field-${id}`}
      data-key={field.key}
      onDragOver={(e) => {
        const d = ctx.drag.current;
        if (d && d.list === listKey && d.index !== index) {
          e.preventDefault();
          e.stopPropagation();
          setDropHint(true);
        }
      }}
      onDragLeave={() => setDropHint(false)}
      onDrop={(e) => {
        const d = ctx.drag.current;
        setDropHint(false);
        if (d && d.list === listKey) {
          e.preventDefault();
          e.stopPropagation();
          ctx.onListChange(listPath, (list) => moveItem(list, d.index, index));
        }
        ctx.drag.current = null;
      }}
    >
      <Flex gap={8} align="flex-start" wrap={false}>
        <Flex vertical align="center" gap={2} style={{ paddingTop: 4 }}>
          <span
            className="mc-fb-handle"
            draggable
            title={t('fb.drag')}
            aria-label={t('fb.drag')}
            onDragStart={(e) => {
              ctx.drag.current = { list: listKey, index };
              e.dataTransfer.effectAllowed = 'move';
              e.dataTransfer.setData('text/plain', field.key || String(index));
              if (rowRef.current) e.dataTransfer.setDragImage(rowRef.current, 16, 16);
            }}
            onDragEnd={() => {
              ctx.drag.current = null;
            }}
          >
            <HolderOutlined />
          </span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {index + 1}
          </Typography.Text>
        </Flex>
        <div style={{ flex: 1, minWidth: 0 }}>
          <Flex gap={8} wrap align="center">
            <div style={{ flex: '2 1 200px', minWidth: 0 }}>
              <Input
                value={field.title}
                placeholder={t('fb.titlePlaceholder')}
                aria-label={t('fb.title')}
                data-testid={`fb-field-title-${id}`}
                onChange={(e) => update((f) => setTitle(f, e.target.value, otherKeys))}
              />
            </div>
            <div style={{ flex: '1 1 150px', minWidth: 0 }}>
              <Tooltip title={keyIssue ? t(`fb.issue.${keyIssue}`) : t('fb.keyHint')}>
                <Input
                  value={field.key}
                  status={keyIssue ? 'error' : undefined}
                  placeholder={t('fb.key')}
                  aria-label={t('fb.key')}
                  data-testid={`fb-field-key-${id}`}
                  prefix={<CodeOutlined style={{ color: '#999' }} />}
                  onChange={(e) => {
                    const key = e.target.value.replace(/\s+/g, '');
                    update((f) => ({ ...f, key, keyLocked: key !== '' }));
                  }}
                  onBlur={() => {
                    if (!field.key && field.title) update((f) => ({ ...f, key: uniqueKey(toCamelKey(f.title), otherKeys), keyLocked: false }));
                  }}
                />
              </Tooltip>
            </div>
            <div style={{ flex: '0 1 190px', minWidth: 140 }}>
              <Select
                value={field.type}
                options={typeOptions}
                style={{ width: '100%' }}
                aria-label={t('fb.type.label')}
                data-testid={`fb-field-type-${id}`}
                popupMatchSelectWidth={false}
                onChange={(v: FieldType) => update((f) => changeType(f, v))}
              />
            </div>
            <div style={{ flex: 'none', whiteSpace: 'nowrap' }}>
              <Checkbox
                checked={field.required}
                data-testid={`fb-field-required-${id}`}
                onChange={(e) => update((f) => setRequired(f, e.target.checked))}
              >
                {t('fb.required')}
              </Checkbox>
            </div>
          </Flex>
          {issues
            .filter((k) => k !== keyIssue)
            .map((k) => (
              <Typography.Text key={k} type="danger" style={{ display: 'block', fontSize: 12, marginTop: 4 }}>
                {t(`fb.issue.${k}`)}
              </Typography.Text>
            ))}
          {keyIssue && (
            <Typography.Text type="danger" style={{ display: 'block', fontSize: 12, marginTop: 4 }}>
              {t(`fb.issue.${keyIssue}`)}
            </Typography.Text>
          )}
          {(field.type === 'enum' || field.type === 'multi') && (
            <div style={{ marginTop: 8 }}>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('fb.options')}
              </Typography.Text>
              <TextArea
                autoSize={{ minRows: 2, maxRows: 8 }}
                value={field.options.join('\n')}
                placeholder={t('fb.optionsPlaceholder')}
                aria-label={t('fb.options')}
                data-testid={`fb-field-options-${id}`}
                onChange={(e) => update((f) => ({ ...f, options: e.target.value.split('\n') }))}
              />
            </div>
          )}
          {open && (
            <div className="mc-fb-details">
              <Row gutter={[8, 8]}>
                {!nested && field.type !== 'boolean' && field.type !== 'custom' && field.type !== 'multi' && (
                  <Col xs={24} md={12}>
                    <Input
                      value={field.placeholder}
                      addonBefore={t('fb.placeholder')}
                      data-testid={`fb-field-placeholder-${id}`}
                      onChange={(e) => update((f) => ({ ...f, placeholder: e.target.value }))}
                    />
                  </Col>
                )}
                <Col xs={24} md={nested || field.type === 'boolean' || field.type === 'multi' || field.type === 'custom' ? 24 : 12}>
                  <Input
                    value={field.description}
                    addonBefore={t('fb.description')}
                    data-testid={`fb-field-description-${id}`}
                    onChange={(e) => update((f) => ({ ...f, description: e.target.value }))}
                  />
                </Col>
                {field.type === 'string' && (
                  <Col xs={24}>
                    <Input
                      value={field.pattern}
                      addonBefore={t('fb.pattern')}
                      placeholder="^[0-9]{10}$"
                      status={issues.includes('badPattern') ? 'error' : undefined}
                      onChange={(e) => update((f) => ({ ...f, pattern: e.target.value }))}
                    />
                  </Col>
                )}
                {(field.type === 'integer' || field.type === 'number') && (
                  <>
                    <Col xs={12}>
                      <InputNumber
                        style={{ width: '100%' }}
                        value={field.minimum}
                        addonBefore={t('fb.minimum')}
                        onChange={(v) => update((f) => ({ ...f, minimum: typeof v === 'number' ? v : null }))}
                      />
                    </Col>
                    <Col xs={12}>
                      <InputNumber
                        style={{ width: '100%' }}
                        value={field.maximum}
                        addonBefore={t('fb.maximum')}
                        onChange={(v) => update((f) => ({ ...f, maximum: typeof v === 'number' ? v : null }))}
                      />
                    </Col>
                  </>
                )}
                {field.type === 'repeat' && (
                  <Col xs={24}>
                    <Input
                      value={field.itemTitle}
                      addonBefore={t('fb.itemTitle')}
                      placeholder={t('fb.itemTitlePlaceholder')}
                      onChange={(e) => update((f) => ({ ...f, itemTitle: e.target.value }))}
                    />
                  </Col>
                )}
                {field.type === 'custom' && (
                  <Col xs={24}>
                    <Alert type="info" showIcon title={t('fb.customNote')} />
                  </Col>
                )}
              </Row>
            </div>
          )}
          {nested && (
            <div className="mc-fb-children">
              <Typography.Text strong style={{ fontSize: 13 }}>
                {field.type === 'group' ? t('fb.groupFields') : t('fb.repeatFields')}
              </Typography.Text>
              <FieldList fields={field.children} path={path} ctx={ctx} />
            </div>
          )}
        </div>
        <Flex vertical gap={4}>
          <Space.Compact>
            <Tooltip title={t('fb.moveUp')}>
              <Button size="small" icon={<ArrowUpOutlined />} disabled={index === 0} onClick={() => move(index - 1)} aria-label={t('fb.moveUp')} data-testid={`fb-field-up-${id}`} />
            </Tooltip>
            <Tooltip title={t('fb.moveDown')}>
              <Button
                size="small"
                icon={<ArrowDownOutlined />}
                disabled={index === siblings.length - 1}
                onClick={() => move(index + 1)}
                aria-label={t('fb.moveDown')}
                data-testid={`fb-field-down-${id}`}
              />
            </Tooltip>
          </Space.Compact>
          <Space.Compact>
            <Tooltip title={open ? t('fb.collapse') : t('fb.expand')}>
              <Button
                size="small"
                icon={open ? <DownOutlined /> : <RightOutlined />}
                onClick={() => setOpen(!open)}
                aria-label={open ? t('fb.collapse') : t('fb.expand')}
                aria-expanded={open}
                data-testid={`fb-field-more-${id}`}
              />
            </Tooltip>
            <Popconfirm title={t('fb.removeConfirm', { name: field.title || field.key || index + 1 })} onConfirm={remove} okText={t('fb.remove')} cancelText={t('common.cancel')}>
              <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('fb.remove')} data-testid={`fb-field-remove-${id}`} />
            </Popconfirm>
          </Space.Compact>
        </Flex>
      </Flex>
    </div>
  );
}

function FieldList({ fields, path, ctx }: { fields: BuilderField[]; path: number[]; ctx: ListCtx }) {
  const { t } = useTranslation();
  const top = path.length === 0;
  function add() {
    ctx.onListChange(path, (list) => [...list, emptyField()]);
  }
  return (
    <div className="mc-fb-list">
      {fields.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('fb.empty')} style={{ margin: '8px 0' }} />}
      {fields.map((f, i) => (
        <FieldRow key={f.id} field={f} path={[...path, i]} siblings={fields} ctx={ctx} />
      ))}
      <Button
        type={top ? 'primary' : 'dashed'}
        ghost={top}
        icon={<PlusOutlined />}
        onClick={add}
        size={top ? 'middle' : 'small'}
        data-testid={top ? 'fb-add-field' : `fb-add-field-${pathId(path)}`}
        style={{ marginTop: 4 }}
      >
        {t('fb.addField')}
      </Button>
    </div>
  );
}

/** Live preview: the same rjsf Form, widgets and messages as the application page. */
function Preview({ form }: { form: BuilderForm }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [data, setData] = useState<Record<string, unknown>>({});
  const { formSchema, uiSchema } = useMemo(() => writeForm({ ...form, fields: renderableFields(form.fields) }), [form]);
  const schemaKey = useMemo(() => JSON.stringify([formSchema, uiSchema]), [formSchema, uiSchema]);
  const ui = useMemo<UiSchema>(() => ({ ...(uiSchema as UiSchema), 'ui:submitButtonOptions': { submitText: t('fb.tryValidate') } }), [uiSchema, t]);
  const transformErrors = useMemo(() => makeTransformErrors(t), [t]);
  const translateString = useMemo(() => rjsfTranslator(i18n.language), [i18n.language]);
  return (
    <div data-testid="fb-preview" className="mc-fb-preview">
      {form.fields.length === 0 ? (
        <Empty description={t('fb.previewEmpty')} />
      ) : (
        <PreviewBoundary key={schemaKey} fallback={(err) => <Alert type="warning" showIcon title={t('fb.previewError')} description={err.message} />}>
          <Form
            schema={formSchema as RJSFSchema}
            uiSchema={ui}
            validator={validator}
            widgets={eformWidgets}
            className="mc-eform"
            formData={data}
            onChange={(e) => setData((e.formData ?? {}) as Record<string, unknown>)}
            onSubmit={() => message.success(t('fb.previewValid'))}
            transformErrors={transformErrors}
            translateString={translateString}
            showErrorList={false}
            noHtml5Validate
            idPrefix="pv"
          />
        </PreviewBoundary>
      )}
    </div>
  );
}

/** Advanced: edit the raw JSON Schema / uiSchema; applying it reloads the visual builder. */
function JsonDialog({ open, form, onClose, onApply }: { open: boolean; form: BuilderForm; onClose: () => void; onApply: (f: BuilderForm) => void }) {
  const { t } = useTranslation();
  const initial = useMemo(() => writeForm(form), [form]);
  const [schemaText, setSchemaText] = useState('');
  const [uiText, setUiText] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal
      open={open}
      title={t('fb.jsonTitle')}
      width={900}
      onCancel={onClose}
      destroyOnHidden
      afterOpenChange={(o) => {
        if (o) {
          setSchemaText(JSON.stringify(initial.formSchema, null, 2));
          setUiText(JSON.stringify(initial.uiSchema, null, 2));
          setError(null);
        }
      }}
      okText={t('fb.jsonApply')}
      cancelText={t('common.cancel')}
      onOk={() => {
        try {
          const schema = JSON.parse(schemaText) as unknown;
          const ui = JSON.parse(uiText || '{}') as unknown;
          if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) throw new Error(t('fb.jsonNotObject'));
          onApply(readForm(schema, ui));
          onClose();
        } catch (err) {
          setError(err instanceof Error ? err.message : String(err));
        }
      }}
    >
      <Typography.Paragraph type="secondary">{t('fb.jsonHint')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} />}
      <Row gutter={12}>
        <Col xs={24} md={14}>
          <Typography.Text strong>formSchema</Typography.Text>
          <TextArea value={schemaText} onChange={(e) => setSchemaText(e.target.value)} autoSize={{ minRows: 16, maxRows: 28 }} className="mc-mono" data-testid="fb-json-schema" />
        </Col>
        <Col xs={24} md={10}>
          <Typography.Text strong>uiSchema</Typography.Text>
          <TextArea value={uiText} onChange={(e) => setUiText(e.target.value)} autoSize={{ minRows: 16, maxRows: 28 }} className="mc-mono" data-testid="fb-json-ui" />
        </Col>
      </Row>
    </Modal>
  );
}

/** Visual e-form builder: list of fields on the left, live preview on the right. */
export function FormBuilder({ value, onChange }: { value: BuilderForm; onChange: (next: BuilderForm) => void }) {
  const { t } = useTranslation();
  const drag = useRef<{ list: string; index: number } | null>(null);
  const [jsonOpen, setJsonOpen] = useState(false);
  const issues = useMemo(() => {
    const map = new Map<string, BuilderIssue['kind'][]>();
    for (const i of validateFields(value.fields)) {
      const k = i.path.join('.');
      map.set(k, [...(map.get(k) ?? []), i.kind]);
    }
    return map;
  }, [value.fields]);
  const ctx: ListCtx = {
    issues,
    drag,
    onListChange: (path, fn) => onChange({ ...value, fields: updateListAt(value.fields, path, fn) }),
  };
  const count = countFields(value.fields);
  return (
    <div data-testid="form-builder">
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <Card
            size="small"
            title={
              <Space>
                {t('fb.fields')}
                <Tag>{count}</Tag>
              </Space>
            }
            extra={
              <Button size="small" icon={<CodeOutlined />} onClick={() => setJsonOpen(true)} data-testid="fb-json">
                {t('fb.json')}
              </Button>
            }
          >
            <AntForm layout="vertical" component="div">
              <Row gutter={8}>
                <Col xs={24} md={12}>
                  <AntForm.Item label={t('fb.formTitle')} style={{ marginBottom: 8 }}>
                    <Input value={value.title} onChange={(e) => onChange({ ...value, title: e.target.value })} data-testid="fb-form-title" />
                  </AntForm.Item>
                </Col>
                <Col xs={24} md={12}>
                  <AntForm.Item label={t('fb.formDescription')} style={{ marginBottom: 8 }}>
                    <Input value={value.description} onChange={(e) => onChange({ ...value, description: e.target.value })} />
                  </AntForm.Item>
                </Col>
              </Row>
            </AntForm>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
              {t('fb.hint')}
            </Typography.Paragraph>
            <FieldList fields={value.fields} path={[]} ctx={ctx} />
          </Card>
        </Col>
        <Col xs={24} xl={9}>
          <Card size="small" title={t('fb.preview')} className="mc-fb-preview-card">
            <Preview form={value} />
          </Card>
        </Col>
      </Row>
      <JsonDialog open={jsonOpen} form={value} onClose={() => setJsonOpen(false)} onApply={onChange} />
    </div>
  );
}

function countFields(fields: BuilderField[]): number {
  return fields.reduce((n, f) => n + 1 + countFields(f.children), 0);
}
