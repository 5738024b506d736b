import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Alert, App, Breadcrumb, Button, Card, Flex, Form, Space, Table, Tabs, Tag, Transfer, Typography } from 'antd';
import type { TableProps } from 'antd';
import { ArrowLeftOutlined, EyeInvisibleOutlined, EyeOutlined, SaveOutlined } from '@ant-design/icons';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../../api/client';
import { useAdminUnits } from '../api';
import { useAdminProcedure, useProcedureVersions, usePublishProcedure, useSaveProcedure, useSetProcedureUnits } from './api';
import type { AdminProcedure, ProcedureVersion } from '../../api/types';
import { PageSpinner } from '../../components/PageSpinner';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDateTime } from '../../lib/format';
import { useLeaveGuard } from '../../lib/useLeaveGuard';
import { readForm, validateFields, writeForm } from '../../lib/form-builder';
import type { BuilderForm } from '../../lib/form-builder';
import { pathSegments } from '../../lib/eform';
import { FormBuilder } from './FormBuilder';
import { EMPTY_GENERAL, fromGeneralValues, GeneralForm, toGeneralValues } from './GeneralForm';
import type { GeneralValues } from './GeneralForm';
import { PublishedTag } from './ProceduresTab';
import { validatedValues } from '../../lib/form';

const LIST_URL = '/quan-tri?tab=procedures';
const EMPTY_FORM_SCHEMA = { type: 'object', properties: {} };

type TabKey = 'general' | 'form' | 'units' | 'versions';

/** "Cơ quan thực hiện": choose the units that carry out the procedure. */
function UnitsPanel({ procedure, onSaved }: { procedure: AdminProcedure; onSaved: (p: AdminProcedure) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const units = useAdminUnits();
  const save = useSetProcedureUnits(procedure.code);
  const initial = useMemo(() => procedure.units.map((u) => u.id), [procedure.units]);
  const [target, setTarget] = useState<string[]>(initial);
  useEffect(() => setTarget(initial), [initial]);
  const changed = target.length !== initial.length || target.some((id) => !initial.includes(id));
  if (units.isError) return <ProblemAlert error={units.error} onRetry={() => void units.refetch()} />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="proc-units">
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('proc.unitsHint')}
      </Typography.Paragraph>
      <Transfer
        dataSource={(units.data?.items ?? []).map((u) => ({ key: u.id, title: u.name, description: u.code }))}
        targetKeys={target}
        onChange={(keys) => setTarget(keys.map(String))}
        render={(item) => (
          <span data-testid={`proc-unit-${item.description}`}>
            {item.title}{' '}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              ({item.description})
            </Typography.Text>
          </span>
        )}
        showSearch={{ placeholder: t('admin.searchPlaceholder') }}
        filterOption={(input, item) => `${item.title} ${item.description}`.toLowerCase().includes(input.toLowerCase())}
        titles={[t('proc.unitsAvailable'), t('proc.unitsSelected')]}
        styles={{ section: { width: '100%', height: 420 } }}
        style={{ width: '100%' }}
      />
      <Flex gap={8}>
        <Button
          type="primary"
          icon={<SaveOutlined />}
          disabled={!changed}
          loading={save.isPending}
          data-testid="proc-units-save"
          onClick={() =>
            save.mutate(target, {
              onSuccess: (p) => {
                message.success(t('proc.unitsSaved', { count: p.units.length }));
                onSaved(p);
              },
              onError: (err) => message.error(errorMessage(err, t('common.error'))),
            })
          }
        >
          {t('proc.unitsSave')}
        </Button>
        <Button disabled={!changed} onClick={() => setTarget(initial)}>
          {t('calendar.resetForm')}
        </Button>
      </Flex>
    </Space>
  );
}

function createdByLabel(v: ProcedureVersion['createdBy']): string {
  return v || '—';
}

/** "Lịch sử phiên bản". */
function VersionsPanel({ code }: { code: string }) {
  const { t } = useTranslation();
  const query = useProcedureVersions(code);
  const columns: TableProps<ProcedureVersion>['columns'] = [
    { title: t('admin.version'), dataIndex: 'version', key: 'version', width: 110 },
    { title: t('proc.formVersion'), dataIndex: 'formVersion', key: 'formVersion', width: 160 },
    { title: t('proc.savedAt'), dataIndex: 'createdAt', key: 'createdAt', width: 200, render: (v: string) => formatDateTime(v) },
    { title: t('proc.savedBy'), dataIndex: 'createdBy', key: 'createdBy', render: (v: ProcedureVersion['createdBy']) => createdByLabel(v) },
  ];
  if (query.isError) return <ProblemAlert error={query.error} onRetry={() => void query.refetch()} />;
  return (
    <Table<ProcedureVersion>
      data-testid="proc-versions"
      rowKey="version"
      size="small"
      loading={query.isLoading}
      columns={columns}
      dataSource={[...(query.data?.items ?? [])].sort((a, b) => b.version - a.version)}
      pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
    />
  );
}

/** Create or edit a procedure: general information, visual e-form builder, units, versions. */
export default function ProcedureEditPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const { code } = useParams();
  const isNew = !code;
  const query = useAdminProcedure(code);
  const save = useSaveProcedure();
  const publish = usePublishProcedure();
  const [form] = Form.useForm<GeneralValues>();
  const [tab, setTab] = useState<TabKey>('general');
  const [builder, setBuilder] = useState<BuilderForm>(() => readForm(EMPTY_FORM_SCHEMA, {}));
  const [formTouched, setFormTouched] = useState(false);
  const [dirty, setDirty] = useState(false);
  const [baseVersion, setBaseVersion] = useState<number | null>(null);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [formSchemaErrors, setFormSchemaErrors] = useState<string[]>([]);
  const loadedRef = useRef<string | null>(null);
  const p = query.data;

  /** Put a stored procedure into the editor (discarding local edits). */
  const load = useCallback(
    (proc: AdminProcedure) => {
      form.resetFields();
      form.setFieldsValue(toGeneralValues(proc));
      setBuilder(readForm(proc.formSchema ?? EMPTY_FORM_SCHEMA, proc.uiSchema ?? {}));
      setFormTouched(false);
      setDirty(false);
      setBaseVersion(proc.version);
      setFormSchemaErrors([]);
      loadedRef.current = `${proc.code}@${proc.version}`;
    },
    [form],
  );

  useEffect(() => {
    if (p && loadedRef.current !== `${p.code}@${p.version}` && (!dirty || loadedRef.current === null)) load(p);
  }, [p, dirty, load]);

  const leave = useLeaveGuard(dirty, () => setDirty(false));

  function onBuilderChange(next: BuilderForm) {
    setBuilder(next);
    setFormTouched(true);
    setDirty(true);
  }

  function applyServerErrors(err: ApiError) {
    const schemaErrors: string[] = [];
    const fieldErrors: { name: (string | number)[]; errors: string[] }[] = [];
    for (const e of err.problem.errors ?? []) {
      const segs = pathSegments(e.path ?? '');
      if (segs[0] === 'formSchema' || segs[0] === 'uiSchema') {
        schemaErrors.push(segs.length > 1 ? `${segs.slice(1).join('.')}: ${e.message}` : e.message);
        continue;
      }
      if (segs.length > 0) fieldErrors.push({ name: segs.map((s) => (/^\d+$/.test(s) ? Number(s) : s)), errors: [e.message] });
    }
    if (fieldErrors.length) form.setFields(fieldErrors as Parameters<typeof form.setFields>[0]);
    setFormSchemaErrors(schemaErrors);
    if (schemaErrors.length && !fieldErrors.length) setTab('form');
    else if (fieldErrors.length) setTab('general');
  }

  async function onSave() {
    setSaveError(null);
    setFormSchemaErrors([]);
    let values: GeneralValues;
    try {
      values = await validatedValues(form);
    } catch {
      setTab('general');
      message.error(t('proc.fixErrors'));
      return;
    }
    if (validateFields(builder.fields).length > 0) {
      setTab('form');
      message.error(t('fb.fixErrors'));
      return;
    }
    const general = fromGeneralValues({ ...EMPTY_GENERAL, ...form.getFieldsValue(true), ...values });
    const eform =
      formTouched || isNew || !p
        ? writeForm(builder)
        : { formSchema: p.formSchema ?? EMPTY_FORM_SCHEMA, uiSchema: p.uiSchema ?? {} };
    const body = { ...general, code: isNew ? general.code : (code as string), ...eform };
    try {
      const saved = await save.mutateAsync({ original: isNew ? null : (code as string), body, expectedVersion: baseVersion ?? undefined });
      message.success(t('proc.savedVersion', { version: saved.version }));
      load(saved);
      if (isNew) navigate(`/quan-tri/thu-tuc/${encodeURIComponent(saved.code)}`, { replace: true });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'stale_version') {
        modal.warning({
          title: t('proc.staleTitle'),
          content: err.problem.detail || t('proc.stale'),
          okText: t('proc.reload'),
          onOk: async () => {
            const fresh = await query.refetch();
            if (fresh.data) load(fresh.data);
          },
        });
        return;
      }
      if (err instanceof ApiError && err.code === 'procedure_exists') {
        form.setFields([{ name: 'code', errors: [err.problem.detail || t('proc.exists')] }]);
        setTab('general');
      } else if (err instanceof ApiError && err.problem.errors?.length) {
        applyServerErrors(err);
      }
      setSaveError(err);
      message.error(errorMessage(err, t('common.error')));
    }
  }

  function onPublishToggle() {
    if (!p) return;
    const next = !p.published;
    publish.mutate(
      { code: p.code, publish: next },
      {
        onSuccess: (saved) => {
          // Publishing does not touch the content: local edits stay valid against the new version.
          setBaseVersion(saved.version);
          loadedRef.current = `${saved.code}@${saved.version}`;
          message.success(next ? t('proc.publishedMsg', { code: saved.code }) : t('proc.unpublishedMsg', { code: saved.code }));
        },
        onError: (err) => message.error(errorMessage(err, t('common.error'))),
      },
    );
  }

  if (!isNew && query.isLoading) return <PageSpinner />;
  if (!isNew && (query.isError || !p)) return <ProblemAlert error={query.error} onRetry={() => void query.refetch()} />;

  const title = isNew ? t('proc.newTitle') : p?.name;
  const tabItems = [
    {
      key: 'general',
      forceRender: true,
      label: <span data-testid="proc-tab-general">{t('proc.tabGeneral')}</span>,
      children: (
        <Form<GeneralValues>
          form={form}
          layout="vertical"
          initialValues={EMPTY_GENERAL}
          onValuesChange={() => setDirty(true)}
          scrollToFirstError
          data-testid="proc-general"
        >
          <GeneralForm form={form} isNew={isNew} />
        </Form>
      ),
    },
    {
      key: 'form',
      label: <span data-testid="proc-tab-form">{t('proc.tabForm')}</span>,
      children: (
        <>
          {formSchemaErrors.length > 0 && (
            <Alert
              type="error"
              showIcon
              title={t('proc.formSchemaErrors')}
              description={
                <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                  {formSchemaErrors.map((m, i) => (
                    <li key={i}>{m}</li>
                  ))}
                </ul>
              }
              style={{ marginBottom: 12 }}
            />
          )}
          {!isNew && p && (
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
              {t('proc.formVersionNote', { version: p.formVersion })}
            </Typography.Paragraph>
          )}
          <FormBuilder value={builder} onChange={onBuilderChange} />
        </>
      ),
    },
    {
      key: 'units',
      label: <span data-testid="proc-tab-units">{t('procedure.units')}</span>,
      disabled: isNew,
      children: p ? (
        <UnitsPanel
          procedure={p}
          onSaved={(saved) => {
            setBaseVersion(saved.version);
            loadedRef.current = `${saved.code}@${saved.version}`;
          }}
        />
      ) : null,
    },
    {
      key: 'versions',
      label: <span data-testid="proc-tab-versions">{t('proc.tabVersions')}</span>,
      disabled: isNew,
      children: code ? <VersionsPanel code={code} /> : null,
    },
  ];

  return (
    <>
      <Breadcrumb
        style={{ marginBottom: 12 }}
        items={[
          {
            title: (
              <a
                href={LIST_URL}
                onClick={(e) => {
                  e.preventDefault();
                  leave(LIST_URL);
                }}
              >
                {t('admin.procedures')}
              </a>
            ),
          },
          { title: isNew ? t('proc.new') : code },
        ]}
      />
      <Flex justify="space-between" align="flex-start" gap={12} wrap style={{ marginBottom: 12 }}>
        <div style={{ minWidth: 0, flex: '1 1 420px' }}>
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="proc-title">
            {title}
          </Typography.Title>
          {!isNew && p && (
            <Space size={[4, 4]} wrap style={{ marginTop: 6 }}>
              <Tag color="blue" data-testid="proc-version">
                {t('proc.versionTag', { version: p.version })}
              </Tag>
              <Tag>{t('proc.formVersionTag', { version: p.formVersion })}</Tag>
              <span data-testid="proc-published">
                <PublishedTag published={p.published} />
              </span>
              {p.updatedAt && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('proc.updatedAt', { date: formatDateTime(p.updatedAt) })}
                </Typography.Text>
              )}
              {dirty && <Tag color="orange">{t('proc.unsaved')}</Tag>}
            </Space>
          )}
        </div>
        <Space wrap>
          <Button icon={<ArrowLeftOutlined />} onClick={() => leave(LIST_URL)}>
            {t('common.back')}
          </Button>
          {!isNew && p && (
            <Button
              icon={p.published ? <EyeInvisibleOutlined /> : <EyeOutlined />}
              loading={publish.isPending}
              onClick={onPublishToggle}
              data-testid="proc-publish-toggle"
              data-published={p.published ? 'true' : 'false'}
            >
              {p.published ? t('proc.unpublish') : t('proc.publish')}
            </Button>
          )}
          <Button type="primary" icon={<SaveOutlined />} loading={save.isPending} onClick={() => void onSave()} data-testid="proc-save">
            {t('proc.save')}
          </Button>
        </Space>
      </Flex>
      {saveError !== null && (
        <div style={{ marginBottom: 12 }}>
          <ProblemAlert error={saveError} />
        </div>
      )}
      {isNew && <Alert type="info" showIcon title={t('proc.newHint')} style={{ marginBottom: 12 }} />}
      {!isNew && p && !p.published && p.units.length === 0 && (
        <Alert type="warning" showIcon title={t('proc.noUnitsWarning')} style={{ marginBottom: 12 }} />
      )}
      <Card size="small">
        <Tabs activeKey={tab} onChange={(k) => setTab(k as TabKey)} items={tabItems} />
      </Card>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }}>
        <Link to={`/thu-tuc/${encodeURIComponent(code ?? '')}`} style={{ display: isNew ? 'none' : undefined }}>
          {t('proc.viewPublic')}
        </Link>
      </Typography.Paragraph>
    </>
  );
}
