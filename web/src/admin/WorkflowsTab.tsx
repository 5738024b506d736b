/** Admin: workflow versions per procedure and unit, opened in the designer; new workflows and JSON import. */
import { useState } from 'react';
import { Alert, App, Button, Flex, Form, Modal, Select, Space, Table, Typography } from 'antd';
import type { TableProps } from 'antd';
import { ApartmentOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import type { Problem } from '../api/client';
import { useAdminUnits } from './api';
import { useAdminProcedures } from './procedures/api';
import { useAdminWorkflows, useCreateWorkflow, useImportWorkflow } from '../workflow/api';
import type { WorkflowExport, WorkflowStatus, WorkflowSummary } from '../api/types';
import { ProblemAlert } from '../components/ProblemAlert';
import { formatDateTime } from '../lib/format';
import { useDebounced } from '../lib/useDebounced';
import { WorkflowStatusTag } from '../workflow/WorkflowStatusTag';

const designerUrl = (id: string) => `/quan-tri/quy-trinh/${encodeURIComponent(id)}`;

function useUnitOptions() {
  const units = useAdminUnits();
  return (units.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }));
}

/** A new draft for a procedure at a unit (a copy of the published version when there is one). */
function CreateModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300);
  const procedures = useAdminProcedures({ q: q || undefined, limit: 50 });
  const unitOptions = useUnitOptions();
  const [procedureCode, setProcedureCode] = useState<string>();
  const [unitId, setUnitId] = useState<string>();
  const create = useCreateWorkflow();
  async function submit() {
    if (!procedureCode || !unitId) return;
    try {
      const w = await create.mutateAsync({ procedureCode, unitId });
      navigate(designerUrl(w.id));
    } catch (err) {
      const draftId = err instanceof ApiError ? (err.problem as Problem & { draftId?: string }).draftId : undefined;
      if (draftId) {
        message.info(t('wf.draftExists'));
        navigate(designerUrl(draftId));
      }
    }
  }
  return (
    <Modal
      open={open}
      title={t('wf.createTitle')}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('wf.createSubmit')}
      okButtonProps={{ disabled: !procedureCode || !unitId, loading: create.isPending, ...({ 'data-testid': 'wf-create-submit' } as object) }}
      destroyOnHidden
    >
      <Form layout="vertical">
        <Form.Item label={t('admin.procedure')} required>
          <Select
            showSearch={{ filterOption: false, onSearch: setSearch }}
            value={procedureCode}
            onChange={setProcedureCode}
            loading={procedures.isFetching}
            placeholder={t('admin.searchPlaceholder')}
            options={(procedures.data?.items ?? []).map((p) => ({ value: p.code, label: `${p.code} — ${p.name}` }))}
            data-testid="wf-create-procedure"
          />
        </Form.Item>
        <Form.Item label={t('admin.unit')} required>
          <Select showSearch={{ optionFilterProp: 'label' }} value={unitId} onChange={setUnitId} options={unitOptions} data-testid="wf-create-unit" />
        </Form.Item>
      </Form>
      {create.isError && !(create.error instanceof ApiError && create.error.status === 409) && <ProblemAlert error={create.error} />}
    </Modal>
  );
}

/** A draft at a unit from an exported JSON document. */
function ImportModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const unitOptions = useUnitOptions();
  const [unitId, setUnitId] = useState<string>();
  const [doc, setDoc] = useState<WorkflowExport | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const imp = useImportWorkflow();
  async function onFile(file: File | undefined) {
    setDoc(null);
    setFileError(null);
    if (!file) return;
    try {
      const parsed = JSON.parse(await file.text()) as WorkflowExport;
      if (!parsed || typeof parsed !== 'object' || parsed.format !== 'motcua-workflow') throw new Error('format');
      setDoc(parsed);
    } catch {
      setFileError(t('wf.importInvalid'));
    }
  }
  async function submit() {
    if (!unitId || !doc) return;
    const w = await imp.mutateAsync({ unitId, document: doc });
    navigate(designerUrl(w.id));
  }
  return (
    <Modal
      open={open}
      title={t('wf.importTitle')}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      okText={t('wf.importSubmit')}
      okButtonProps={{ disabled: !unitId || !doc, loading: imp.isPending, ...({ 'data-testid': 'wf-import-submit' } as object) }}
      destroyOnHidden
    >
      <Form layout="vertical">
        <Form.Item label={t('admin.unit')} required>
          <Select showSearch={{ optionFilterProp: 'label' }} value={unitId} onChange={setUnitId} options={unitOptions} data-testid="wf-import-unit" />
        </Form.Item>
        <Form.Item label={t('wf.importFile')} required validateStatus={fileError ? 'error' : undefined} help={fileError ?? t('wf.importHint')}>
          <input type="file" accept=".json,application/json" onChange={(e) => void onFile(e.target.files?.[0])} data-testid="wf-import-file" />
        </Form.Item>
      </Form>
      {doc && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('wf.importDoc', { procedure: `${doc.procedureCode}${doc.procedureName ? ` — ${doc.procedureName}` : ''}`, unit: doc.unitCode ?? '—', version: doc.version ?? '—' })}
        />
      )}
      {imp.isError && <ProblemAlert error={imp.error} />}
    </Modal>
  );
}

export default function WorkflowsTab() {
  const { t } = useTranslation();
  const [procedureCode, setProcedureCode] = useState<string>();
  const [unitId, setUnitId] = useState<string>();
  const [status, setStatus] = useState<WorkflowStatus>();
  const [createOpen, setCreateOpen] = useState(false);
  const [importOpen, setImportOpen] = useState(false);
  // The unfiltered list gives the procedure filter its choices.
  const all = useAdminWorkflows();
  const query = useAdminWorkflows({ procedureCode, unitId, status });
  const unitOptions = useUnitOptions();
  const procedureOptions = [...new Map((all.data?.items ?? []).map((w) => [w.procedureCode, `${w.procedureCode} — ${w.procedureName}`]))].map(([value, label]) => ({ value, label }));

  const filters = [
    { testId: 'wf-filter-procedure', placeholder: t('wf.filterProcedure'), value: procedureCode, onChange: setProcedureCode, options: procedureOptions, width: 320 },
    { testId: 'wf-filter-unit', placeholder: t('wf.filterUnit'), value: unitId, onChange: setUnitId, options: unitOptions, width: 260 },
    {
      testId: 'wf-filter-status',
      placeholder: t('wf.filterStatus'),
      value: status as string | undefined,
      onChange: (v?: string) => setStatus(v as WorkflowStatus | undefined),
      options: (['draft', 'published', 'retired'] as const).map((s) => ({ value: s, label: t(`wf.status.${s}`) })),
      width: 170,
    },
  ];

  const columns: TableProps<WorkflowSummary>['columns'] = [
    {
      title: t('admin.procedure'),
      key: 'procedure',
      render: (_, w) => (
        <>
          <div>{w.procedureName}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {w.procedureCode}
          </Typography.Text>
        </>
      ),
    },
    { title: t('admin.unit'), dataIndex: 'unitName', key: 'unit', width: 220 },
    { title: t('admin.version'), dataIndex: 'version', key: 'version', width: 90, align: 'center' },
    { title: t('admin.status'), dataIndex: 'status', key: 'status', width: 130, render: (v: string) => <WorkflowStatusTag status={v} /> },
    { title: t('wf.nodeCountCol'), dataIndex: 'nodeCount', key: 'nodes', width: 90, align: 'center' },
    { title: t('wf.inFlight'), dataIndex: 'inFlight', key: 'inFlight', width: 110, align: 'center' },
    { title: t('wf.publishedCol'), dataIndex: 'publishedAt', key: 'publishedAt', width: 150, render: (v: string | null) => formatDateTime(v) },
    {
      title: t('admin.actions'),
      key: 'open',
      width: 130,
      fixed: 'right',
      render: (_, w) => (
        <Link to={designerUrl(w.id)}>
          <Button size="small" icon={<ApartmentOutlined />} data-testid="wf-open" data-procedure={w.procedureCode} data-unit={w.unitCode} data-status={w.status}>
            {w.status === 'draft' ? t('wf.edit') : t('wf.view')}
          </Button>
        </Link>
      ),
    },
  ];
  if (query.isError) return <ProblemAlert error={query.error} onRetry={() => void query.refetch()} />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <CreateModal open={createOpen} onClose={() => setCreateOpen(false)} />
      <ImportModal open={importOpen} onClose={() => setImportOpen(false)} />
      <Flex justify="space-between" wrap gap={8}>
        <Space wrap>
          {filters.map((f) => (
            <Select<string>
              key={f.testId}
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={f.placeholder}
              value={f.value}
              onChange={f.onChange}
              options={f.options}
              style={{ width: f.width }}
              data-testid={f.testId}
            />
          ))}
        </Space>
        <Space wrap>
          <Button icon={<PlusOutlined />} onClick={() => setCreateOpen(true)} data-testid="wf-create">
            {t('wf.create')}
          </Button>
          <Button icon={<UploadOutlined />} onClick={() => setImportOpen(true)} data-testid="wf-import">
            {t('wf.import')}
          </Button>
        </Space>
      </Flex>
      <Table<WorkflowSummary>
        data-testid="admin-workflows"
        rowKey="id"
        size="small"
        loading={query.isLoading}
        columns={columns}
        dataSource={query.data?.items ?? []}
        scroll={{ x: 1000 }}
        pagination={{ pageSize: 50, showSizeChanger: false }}
        onRow={(w) => ({ 'data-testid': 'wf-row', 'data-procedure': w.procedureCode, 'data-unit': w.unitCode, 'data-status': w.status } as React.HTMLAttributes<HTMLElement>)}
      />
    </Space>
  );
}
