/** Admin: the audit log — who did what in administration and which officer read whose data — and its chain check. */
import { useState } from 'react';
import { Alert, Button, DatePicker, Flex, Form, Input, Select, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { SafetyOutlined, SearchOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useAuditLog, useVerifyAudit } from '../audit/api';
import type { AuditEntry, AuditQuery } from '../api/types';
import { ProblemAlert } from '../components/ProblemAlert';
import { formatDateTime } from '../lib/format';

const ACTIONS = [
  'admin.', 'admin.write', 'dossier.', 'dossier.read', 'dossier.file.read', 'dossier.form.read', 'dossier.result.read',
  'store.', 'person.lookup', 'identity.', 'tracking_book.read', 'audit.search',
];
const PAGE = 50;

interface Filters {
  actor?: string;
  action?: string;
  subject?: string;
  idNumber?: string;
  dossierCode?: string;
  period?: [Dayjs | null, Dayjs | null] | null;
}

/** The data of an entry as short "key: value" lines (ids and codes only: entries hold no personal data). */
function describe(data: Record<string, unknown>): string {
  return Object.entries(data).map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join(' · ');
}

export default function AuditTab() {
  const { t } = useTranslation();
  const actionLabel = (a: string) => t(`audit.actions.${a.replace(/\./g, '_')}`, { defaultValue: a });
  const [form] = Form.useForm<Filters>();
  const [query, setQuery] = useState<AuditQuery>({ limit: PAGE, offset: 0 });
  const log = useAuditLog(query);
  const check = useVerifyAudit();

  function onSearch(v: Filters) {
    const trim = (s?: string) => s?.trim() || undefined;
    setQuery({
      actor: trim(v.actor), action: v.action || undefined, subject: trim(v.subject), idNumber: trim(v.idNumber)?.replace(/\D/g, ''),
      dossierCode: trim(v.dossierCode), from: v.period?.[0]?.format('YYYY-MM-DD'), to: v.period?.[1]?.format('YYYY-MM-DD'),
      limit: PAGE, offset: 0,
    });
  }

  const columns: TableProps<AuditEntry>['columns'] = [
    { title: t('audit.at'), dataIndex: 'at', width: 150, render: (v: string) => formatDateTime(v) },
    { title: t('audit.actor'), key: 'actor', width: 180, render: (_, e) => (e.actor ? `${e.actor.name ?? ''} (${e.actor.username ?? ''})` : t('audit.system')) },
    { title: t('audit.action'), dataIndex: 'action', width: 170, render: (a: string) => <Tag>{actionLabel(a)}</Tag> },
    { title: t('audit.subject'), key: 'subject', width: 170, render: (_, e) => e.subject?.name ?? '—' },
    {
      title: t('audit.detail'),
      key: 'detail',
      render: (_, e) => (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {e.targetId ? `${e.targetType ?? ''} ${e.targetId}` : ''}
          {Object.keys(e.data).length ? ` — ${describe(e.data)}` : ''}
        </Typography.Text>
      ),
    },
    { title: 'IP', dataIndex: 'ip', width: 110 },
  ];

  return (
    <div data-testid="admin-audit">
      <Typography.Paragraph type="secondary">{t('audit.intro')}</Typography.Paragraph>
      <Form form={form} layout="inline" onFinish={onSearch} style={{ rowGap: 8, marginBottom: 12 }}>
        <Form.Item name="actor"><Input placeholder={t('audit.actorPlaceholder')} allowClear data-testid="audit-actor" /></Form.Item>
        <Form.Item name="action">
          <Select placeholder={t('audit.action')} allowClear style={{ width: 200 }} options={ACTIONS.map((a) => ({ value: a, label: actionLabel(a) }))} data-testid="audit-action" />
        </Form.Item>
        <Form.Item name="subject"><Input placeholder={t('audit.subjectPlaceholder')} allowClear /></Form.Item>
        <Form.Item name="idNumber"><Input placeholder={t('audit.idNumber')} allowClear maxLength={13} /></Form.Item>
        <Form.Item name="dossierCode"><Input placeholder={t('audit.dossierCode')} allowClear /></Form.Item>
        <Form.Item name="period"><DatePicker.RangePicker format="DD/MM/YYYY" /></Form.Item>
        <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="audit-search">{t('audit.search')}</Button>
      </Form>
      {log.isError && <ProblemAlert error={log.error} onRetry={() => void log.refetch()} />}
      <Table<AuditEntry>
        size="small"
        rowKey="seq"
        loading={log.isFetching}
        columns={columns}
        dataSource={log.data?.items ?? []}
        pagination={{
          current: Math.floor((query.offset ?? 0) / PAGE) + 1, pageSize: PAGE, total: log.data?.total ?? 0, showSizeChanger: false,
          onChange: (page) => setQuery((q) => ({ ...q, offset: (page - 1) * PAGE })),
        }}
        scroll={{ x: 1000 }}
      />
      <Flex gap={12} align="center" wrap style={{ marginTop: 12 }}>
        <Button icon={<SafetyOutlined />} loading={check.isPending} onClick={() => check.mutate()} data-testid="audit-verify">
          {t('audit.verify')}
        </Button>
        {check.data && (
          <Alert
            type={check.data.ok ? 'success' : 'error'}
            showIcon
            data-testid="audit-verdict"
            title={check.data.ok
              ? t('audit.chainOk', { count: check.data.entries })
              : t('audit.chainBroken', { seq: check.data.brokenAt?.seq, reason: t(`audit.reason.${check.data.brokenAt?.reason}`, { defaultValue: check.data.brokenAt?.reason }) })}
          />
        )}
        {check.isError && <ProblemAlert error={check.error} />}
      </Flex>
    </div>
  );
}
