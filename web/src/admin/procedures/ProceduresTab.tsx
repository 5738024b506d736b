import { useState } from 'react';
import { App, Button, Flex, Input, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { DownloadOutlined, EditOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client';
import { procedureExportUrl, useAdminProcedures, usePublishProcedure } from './api';
import { useFields } from '../../catalog/api';
import type { AdminProcedureSummary } from '../../api/types';
import { ProblemAlert } from '../../components/ProblemAlert';
import { levelLabel } from '../../lib/labels';
import { useDebounced } from '../../lib/useDebounced';
import { ImportDialog } from './ImportDialog';

/** Publish / unpublish switch of one procedure row. */
function PublishSwitch({ p }: { p: AdminProcedureSummary }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const publish = usePublishProcedure();
  return (
    <Switch
      size="small"
      checked={p.published}
      loading={publish.isPending}
      data-testid={`proc-publish-${p.code}`}
      aria-label={p.published ? t('proc.unpublish') : t('proc.publish')}
      title={p.published ? t('proc.unpublish') : t('proc.publish')}
      onChange={(checked) =>
        publish.mutate(
          { code: p.code, publish: checked },
          {
            onSuccess: () => message.success(checked ? t('proc.publishedMsg', { code: p.code }) : t('proc.unpublishedMsg', { code: p.code })),
            onError: (err) => message.error(errorMessage(err, t('common.error'))),
          },
        )
      }
    />
  );
}

export function PublishedTag({ published }: { published: boolean }) {
  const { t } = useTranslation();
  return <Tag color={published ? 'green' : 'default'}>{published ? t('proc.published') : t('proc.unpublished')}</Tag>;
}

/** Procedure management list: search, filters, publish toggles, import / export. */
export default function ProceduresTab() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const fields = useFields();
  const [text, setText] = useState('');
  const [field, setField] = useState<string | undefined>(undefined);
  const [published, setPublished] = useState<'all' | 'true' | 'false'>('all');
  const [page, setPage] = useState(1);
  const [importOpen, setImportOpen] = useState(false);
  const pageSize = 50;
  const q = useDebounced(text.trim(), 300);
  const query = useAdminProcedures({
    q: q || undefined,
    field,
    published: published === 'all' ? undefined : published === 'true',
    limit: pageSize,
    offset: (page - 1) * pageSize,
  });

  const columns: TableProps<AdminProcedureSummary>['columns'] = [
    { title: t('admin.code'), dataIndex: 'code', key: 'code', width: 130 },
    {
      title: t('admin.name'),
      dataIndex: 'name',
      key: 'name',
      render: (v: string, p) => <Link to={`/quan-tri/thu-tuc/${encodeURIComponent(p.code)}`}>{v}</Link>,
    },
    { title: t('procedure.field'), key: 'field', width: 170, render: (_, p) => p.field?.name ?? '—' },
    { title: t('procedure.level'), dataIndex: 'level', key: 'level', width: 150, render: (v: string | null) => levelLabel(t, v) },
    {
      title: t('admin.version'),
      key: 'version',
      width: 110,
      render: (_, p) => (
        <span title={t('proc.formVersionTitle', { form: p.formVersion })}>
          {p.version}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {' '}
            ({t('proc.formShort', { form: p.formVersion })})
          </Typography.Text>
        </span>
      ),
    },
    { title: t('proc.publishedCol'), dataIndex: 'published', key: 'published', width: 140, render: (v: boolean) => <PublishedTag published={v} /> },
    { title: t('proc.unitsCol'), dataIndex: 'unitCount', key: 'units', width: 90, align: 'right' },
    {
      title: t('proc.actions'),
      key: 'actions',
      width: 130,
      fixed: 'right',
      render: (_, p) => (
        <Space size={8}>
          <Button
            size="small"
            icon={<EditOutlined />}
            data-testid={`proc-edit-${p.code}`}
            onClick={() => navigate(`/quan-tri/thu-tuc/${encodeURIComponent(p.code)}`)}
          >
            {t('proc.edit')}
          </Button>
          <PublishSwitch p={p} />
        </Space>
      ),
    },
  ];

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Flex gap={8} wrap justify="space-between">
        <Flex gap={8} wrap>
          <Input.Search
            allowClear
            placeholder={t('admin.searchPlaceholder')}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setPage(1);
            }}
            style={{ width: 280 }}
            data-testid="proc-search"
          />
          <Select
            allowClear
            placeholder={t('home.allFields')}
            value={field}
            onChange={(v) => {
              setField(v);
              setPage(1);
            }}
            showSearch={{ optionFilterProp: 'label' }}
            options={(fields.data?.items ?? []).map((f) => ({ value: f.code, label: f.name }))}
            style={{ width: 220 }}
            aria-label={t('procedure.field')}
            data-testid="proc-field-filter"
          />
          <Select
            value={published}
            onChange={(v) => {
              setPublished(v);
              setPage(1);
            }}
            options={[
              { value: 'all', label: t('proc.allStates') },
              { value: 'true', label: t('proc.published') },
              { value: 'false', label: t('proc.unpublished') },
            ]}
            style={{ width: 170 }}
            aria-label={t('proc.publishedCol')}
            data-testid="proc-published-filter"
          />
        </Flex>
        <Flex gap={8} wrap>
          <Link to="/quan-tri/thu-tuc/moi">
            <Button type="primary" icon={<PlusOutlined />} data-testid="proc-new">
              {t('proc.new')}
            </Button>
          </Link>
          <Button icon={<UploadOutlined />} onClick={() => setImportOpen(true)} data-testid="proc-import">
            {t('proc.import')}
          </Button>
          <Button icon={<DownloadOutlined />} href={procedureExportUrl('xlsx')} download data-testid="proc-export-xlsx">
            {t('proc.exportXlsx')}
          </Button>
          <Button icon={<DownloadOutlined />} href={procedureExportUrl('csv')} download data-testid="proc-export-csv">
            {t('proc.exportCsv')}
          </Button>
        </Flex>
      </Flex>
      {query.isError && <ProblemAlert error={query.error} onRetry={() => void query.refetch()} />}
      <Table<AdminProcedureSummary>
        data-testid="admin-procedures"
        rowKey="code"
        size="small"
        loading={query.isFetching}
        columns={columns}
        dataSource={query.data?.items ?? []}
        scroll={{ x: 1100 }}
        pagination={{
          current: page,
          pageSize,
          total: query.data?.total ?? 0,
          showSizeChanger: false,
          onChange: setPage,
          showTotal: (total) => t('common.total', { count: total }),
        }}
      />
      <ImportDialog open={importOpen} onClose={() => setImportOpen(false)} />
    </Space>
  );
}
