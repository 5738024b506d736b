import { useMemo, useState } from 'react';
import { App, Button, Card, Input, Popconfirm, Space, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import type { TableProps } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useSession } from '../account/api';
import { useAdminUnits, useAdminUserSecurity, useAdminUsers } from './api';
import { errorMessage } from '../api/client';
import { formatDateTime } from '../lib/format';
import type { AdminUnit, AdminUser } from '../api/types';
import { ProblemAlert } from '../components/ProblemAlert';
import { levelLabel } from '../lib/labels';
import { foldVietnamese } from '../../../common/text';
import CalendarTab from './calendar/CalendarTab';
import { CertificateModal } from './CertificateModal';
import { FormLinesModal } from './FormLinesModal';
import ProceduresTab from './procedures/ProceduresTab';
import WorkflowsTab from './WorkflowsTab';
import AuditTab from './AuditTab';

function useFilter<T>(items: T[] | undefined, text: string, pick: (item: T) => (string | null | undefined)[]): T[] {
  return useMemo(() => {
    const list = items ?? [];
    const q = foldVietnamese(text);
    if (!q) return list;
    return list.filter((i) => pick(i).some((v) => foldVietnamese(v ?? '').includes(q)));
  }, [items, text]);
}

interface UnitNode extends AdminUnit {
  children?: UnitNode[];
}

/** Build the unit tree from parentId links (orphans become roots). */
function buildTree(units: AdminUnit[]): UnitNode[] {
  const byId = new Map<string, UnitNode>(units.map((u) => [u.id, { ...u }]));
  const roots: UnitNode[] = [];
  for (const node of byId.values()) {
    const parent = node.parentId ? byId.get(node.parentId) : undefined;
    if (parent) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  return roots;
}

function UnitsTab() {
  const { t } = useTranslation();
  const query = useAdminUnits();
  const [text, setText] = useState('');
  const filtered = useFilter(query.data?.items, text, (u) => [u.code, u.name, u.agencyCode]);
  const data = useMemo(() => (text.trim() ? filtered : buildTree(filtered)), [filtered, text]);
  const [certUnit, setCertUnit] = useState<AdminUnit | null>(null);
  const [linesUnit, setLinesUnit] = useState<AdminUnit | null>(null);
  const columns: TableProps<UnitNode>['columns'] = [
    { title: t('admin.name'), dataIndex: 'name', key: 'name' },
    { title: t('admin.code'), dataIndex: 'code', key: 'code', width: 140 },
    { title: t('admin.level'), dataIndex: 'level', key: 'level', width: 120, render: (v: string | null) => levelLabel(t, v) },
    { title: t('admin.agencyCode'), dataIndex: 'agencyCode', key: 'agencyCode', width: 170 },
    { title: t('admin.address'), dataIndex: 'address', key: 'address' },
    { title: t('admin.phone'), dataIndex: 'phone', key: 'phone', width: 130 },
    {
      title: t('admin.actions'),
      key: 'actions',
      width: 250,
      fixed: 'right',
      render: (_, u) => (
        <Space size={4}>
          <Button size="small" icon={<SafetyCertificateOutlined />} onClick={() => setCertUnit(u)} data-testid={`unit-cert-${u.code}`}>
            {t('cert.action')}
          </Button>
          <Button size="small" onClick={() => setLinesUnit(u)} data-testid={`unit-form-lines-${u.code}`}>
            {t('formLines.action')}
          </Button>
        </Space>
      ),
    },
  ];
  if (query.isError) return <ProblemAlert error={query.error} onRetry={() => void query.refetch()} />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <CertificateModal unit={certUnit} onClose={() => setCertUnit(null)} />
      <FormLinesModal unit={linesUnit} onClose={() => setLinesUnit(null)} />
      <Input.Search allowClear placeholder={t('admin.searchPlaceholder')} value={text} onChange={(e) => setText(e.target.value)} style={{ maxWidth: 360 }} />
      <Table<UnitNode>
        data-testid="admin-units"
        rowKey="id"
        size="small"
        loading={query.isLoading}
        columns={columns}
        dataSource={data}
        scroll={{ x: 1050 }}
        pagination={{ pageSize: 50, showSizeChanger: false }}
        expandable={{ defaultExpandAllRows: true }}
      />
    </Space>
  );
}

/** An officer's sign-in lock and second factor, with the admin's unlock and TOTP reset (both audited). */
function UserSecurity({ user }: { user: AdminUser }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useSession().data?.user;
  const op = useAdminUserSecurity();
  async function run(kind: 'unlock' | 'totp-reset') {
    try {
      await op.mutateAsync({ id: user.id, op: kind });
      message.success(t(kind === 'unlock' ? 'admin.unlocked' : 'admin.totpResetDone', { name: user.fullName }));
    } catch (err) {
      message.error(errorMessage(err));
    }
  }
  return (
    <Space size={[4, 4]} wrap>
      {user.lockedUntil && (
        <Tooltip title={t('admin.lockedUntil', { time: formatDateTime(user.lockedUntil) })}>
          <Tag color="red" data-testid={`locked-${user.username}`}>{t('admin.locked')}</Tag>
        </Tooltip>
      )}
      <Tag color={user.totpEnabled ? 'green' : 'default'}>{t(user.totpEnabled ? 'admin.totpOn' : 'admin.totpOff')}</Tag>
      {user.lockedUntil && (
        <Button size="small" onClick={() => void run('unlock')} loading={op.isPending} data-testid={`unlock-${user.username}`}>
          {t('admin.unlock')}
        </Button>
      )}
      {user.totpEnabled && user.id !== me?.id && (
        <Popconfirm
          title={t('admin.totpResetConfirm', { name: user.fullName })}
          onConfirm={() => void run('totp-reset')}
          okText={t('admin.totpReset')}
          cancelText={t('common.cancel')}
          okButtonProps={{ danger: true }}
        >
          <Button size="small" danger data-testid={`totp-reset-${user.username}`}>
            {t('admin.totpReset')}
          </Button>
        </Popconfirm>
      )}
    </Space>
  );
}

function UsersTab() {
  const { t } = useTranslation();
  const query = useAdminUsers();
  const [text, setText] = useState('');
  const data = useFilter(query.data?.items, text, (u) => [u.username, u.fullName, ...u.roles.map((r) => r.unitName)]);
  const columns: TableProps<AdminUser>['columns'] = [
    { title: t('admin.username'), dataIndex: 'username', key: 'username', width: 160 },
    { title: t('admin.fullName'), dataIndex: 'fullName', key: 'fullName', width: 200 },
    { title: t('admin.kind'), dataIndex: 'kind', key: 'kind', width: 120, render: (v: string) => t(`kind.${v}`, { defaultValue: v }) },
    {
      title: t('admin.roles'),
      key: 'roles',
      render: (_, u) => (
        <Space size={[4, 4]} wrap>
          {u.roles.map((r, i) => (
            <Tag key={i} color={r.role === 'admin' ? 'red' : r.role === 'leader' ? 'purple' : r.role === 'desk' ? 'blue' : r.role === 'specialist' ? 'cyan' : 'default'}>
              {t(`role.${r.role}`, { defaultValue: r.role })}
              {r.unitName ? ` — ${r.unitName}` : ''}
            </Tag>
          ))}
        </Space>
      ),
    },
    { title: t('admin.security'), key: 'security', width: 280, render: (_, u) => <UserSecurity user={u} /> },
  ];
  if (query.isError) return <ProblemAlert error={query.error} onRetry={() => void query.refetch()} />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Input.Search allowClear placeholder={t('admin.searchPlaceholder')} value={text} onChange={(e) => setText(e.target.value)} style={{ maxWidth: 360 }} />
      <Table<AdminUser>
        data-testid="admin-users"
        rowKey="id"
        size="small"
        loading={query.isLoading}
        columns={columns}
        dataSource={data}
        scroll={{ x: 1080 }}
        pagination={{ pageSize: 50, showSizeChanger: false }}
      />
    </Space>
  );
}

const TABS = ['units', 'users', 'procedures', 'workflows', 'calendar', 'audit'] as const;
type TabKey = (typeof TABS)[number];

/** Administration: units, officers (sign-in locks and second factors), procedures, workflows (designer) and the working calendar. */
export default function AdminPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const requested = params.get('tab');
  const tab: TabKey = TABS.includes(requested as TabKey) ? (requested as TabKey) : 'units';
  function onTab(key: string) {
    const next = new URLSearchParams(params);
    if (key === 'units') next.delete('tab');
    else next.set('tab', key);
    setParams(next, { replace: true });
  }
  return (
    <>
      <Space align="baseline" wrap style={{ marginBottom: 8 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('admin.title')}
        </Typography.Title>
      </Space>
      <Card size="small">
        <Tabs
          destroyOnHidden
          activeKey={tab}
          onChange={onTab}
          items={[
            { key: 'units', label: t('admin.units'), children: <UnitsTab /> },
            { key: 'users', label: t('admin.users'), children: <UsersTab /> },
            { key: 'procedures', label: <span data-testid="admin-tab-procedures">{t('admin.procedures')}</span>, children: <ProceduresTab /> },
            { key: 'workflows', label: <span data-testid="admin-tab-workflows">{t('admin.workflows')}</span>, children: <WorkflowsTab /> },
            { key: 'calendar', label: <span data-testid="admin-tab-calendar">{t('admin.calendar')}</span>, children: <CalendarTab /> },
            { key: 'audit', label: <span data-testid="admin-tab-audit">{t('admin.audit')}</span>, children: <AuditTab /> },
          ]}
        />
      </Card>
    </>
  );
}
