import { useMemo, useState } from 'react';
import { Alert, App, Badge, Button, Card, Col, Flex, Input, Modal, Row, Segmented, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { BookOutlined, ForwardOutlined, PlusOutlined, ReloadOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/client';
import { useSession } from '../account/api';
import { useProcedures } from '../catalog/api';
import { useAssignTask, useBulkAction, useClaimTask, useInbox, useReleaseTask, useUnitOfficers } from '../inbox/api';
import type { BulkResult, DossierStatus, InboxItem, InboxScope, InboxTask } from '../api/types';
import { DossierTable } from '../components/DossierTable';
import { ProblemAlert } from '../components/ProblemAlert';
import { ResultsModal } from '../components/ResultsModal';
import { DeadlineTag } from '../components/StatusTag';
import { formatDateTime } from '../lib/format';
import { holdsRole, isDesk, leaderUnits } from '../lib/roles';
import { useDebounced } from '../lib/useDebounced';
import { DelegationsModal } from './DelegationsModal';

const INBOX_STATUSES: DossierStatus[] = [
  'submitted',
  'in_progress',
  'awaiting_supplement',
  'awaiting_payment',
  'paused',
  'result_ready',
  'returned',
  'rejected',
  'refused',
  'withdrawn',
];
const SCOPES: InboxScope[] = ['all', 'mine', 'pool', 'team'];

/** The step column of the inbox: the task, its unit when elsewhere, who holds it, its due date. */
function TaskCell({ d }: { d: InboxItem }) {
  const { t } = useTranslation();
  const task = d.task;
  if (!task) return <div>{d.step?.name ?? '—'}</div>;
  return (
    <div data-testid="inbox-task" data-task={task.id} data-assignee={task.assignee?.id ?? ''}>
      <div>
        {task.name}
        {d.isLeg && (
          <Tag color="cyan" style={{ marginInlineStart: 4 }} data-testid="inbox-leg-tag">
            {t('inbox.leg')}
          </Tag>
        )}
      </div>
      {task.unitName && task.unitName !== d.unitName && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {task.unitName}
        </Typography.Text>
      )}
      <div>
        {task.assignee ? (
          <Tag icon={<UserOutlined />} style={{ marginTop: 2 }}>
            {task.assignee.fullName}
          </Tag>
        ) : (
          <Tag color="orange" icon={<TeamOutlined />} style={{ marginTop: 2 }} data-testid="inbox-pool-tag">
            {t('inbox.inPool')}
          </Tag>
        )}
      </div>
      {task.dueAt && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="step-due-at">
          {t('dossier.stepDue', { date: formatDateTime(task.dueAt) })}
        </Typography.Text>
      )}
      {task.deadline?.state && task.deadline.state !== 'within' && (
        <div>
          <DeadlineTag state={task.deadline.state} />
        </div>
      )}
    </div>
  );
}

/** A leader gives a task to an officer of the unit who holds the task's role. */
function AssignModal({ task, onClose }: { task: InboxTask | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const officers = useUnitOfficers(task?.unitId);
  const assign = useAssignTask();
  const [userId, setUserId] = useState<string>();
  const candidates = (officers.data?.items ?? []).filter((o) => !task?.role || o.roles.includes(task.role));
  return (
    <Modal
      open={!!task}
      title={t('inbox.assignTitle', { name: task?.name ?? '' })}
      onCancel={onClose}
      okText={t('inbox.assign')}
      okButtonProps={{ disabled: !userId, loading: assign.isPending, ...({ 'data-testid': 'inbox-assign-submit' } as object) }}
      onOk={() =>
        task &&
        userId &&
        assign.mutate(
          { taskId: task.id, userId },
          {
            onSuccess: () => {
              message.success(t('inbox.assigned'));
              setUserId(undefined);
              onClose();
            },
            onError: (err) => message.error(errorMessage(err, t('common.error'))),
          },
        )
      }
      destroyOnHidden
    >
      {officers.isError && <ProblemAlert error={officers.error} />}
      <Select
        style={{ width: '100%' }}
        value={userId}
        onChange={setUserId}
        loading={officers.isLoading}
        placeholder={t('inbox.chooseOfficer')}
        showSearch={{ optionFilterProp: 'label' }}
        options={candidates.map((o) => ({ value: o.id, label: o.fullName }))}
        data-testid="inbox-assign-officer"
      />
    </Modal>
  );
}

/** Confirms one action on the selected dossiers, then shows how each went. */
function BulkModal({ items, open, onClose, onDone }: { items: InboxItem[]; open: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const bulk = useBulkAction();
  const [comment, setComment] = useState('');
  const results = bulk.data?.items;
  const byId = new Map(items.map((d) => [d.id, d]));
  function close() {
    if (results) onDone();
    bulk.reset();
    setComment('');
    onClose();
  }
  return (
    <ResultsModal
      open={open}
      title={t('inbox.bulkTitle', { count: items.length })}
      width={680}
      done={!!results}
      submitText={t('inbox.bulkSubmit')}
      loading={bulk.isPending}
      submitTestId="inbox-bulk-submit"
      onSubmit={() =>
        bulk.mutate({ action: 'advance', items: items.map((d) => ({ dossierId: d.id, version: d.version })), ...(comment.trim() ? { comment: comment.trim() } : {}) })
      }
      onClose={close}
    >
      {!results ? (
        <>
          <Typography.Paragraph>{t('inbox.bulkHint')}</Typography.Paragraph>
          <ul>
            {items.map((d) => (
              <li key={d.id}>
                {d.code ?? d.id} — {d.task?.name ?? d.step?.name ?? ''}
              </li>
            ))}
          </ul>
          <Input.TextArea rows={2} value={comment} onChange={(e) => setComment(e.target.value)} placeholder={t('actions.commentPlaceholder')} data-testid="inbox-bulk-comment" />
          {bulk.isError && <ProblemAlert error={bulk.error} />}
        </>
      ) : (
        <Table<BulkResult>
          size="small"
          rowKey="dossierId"
          pagination={false}
          dataSource={results}
          data-testid="inbox-bulk-results"
          onRow={(r) => ({ 'data-testid': 'inbox-bulk-result', 'data-ok': String(r.ok) } as React.HTMLAttributes<HTMLElement>)}
          columns={[
            { title: t('dossier.code'), key: 'code', render: (_, r) => byId.get(r.dossierId)?.code ?? r.dossierId },
            { title: t('inbox.bulkOutcome'), key: 'ok', width: 130, render: (_, r) => (r.ok ? <Tag color="green">{t('inbox.bulkOk')}</Tag> : <Tag color="red">{t('inbox.bulkFailed')}</Tag>) },
            { title: t('inbox.bulkDetail'), key: 'detail', render: (_, r) => (r.ok ? (r.status ? t(`status.${r.status}`, { defaultValue: r.status }) : '') : r.detail ?? r.code ?? '') },
          ]}
        />
      )}
    </ResultsModal>
  );
}

/** Officer inbox: the tasks waiting for the user's roles (all / mine / pool), filters, claim and assign, bulk advance. */
export default function InboxPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const user = useSession().data?.user;
  const desk = isDesk(user);
  const led = useMemo(() => leaderUnits(user), [user]);
  // Leaders also get their units' work (to reassign it).
  const scopes = SCOPES.filter((s) => s !== 'team' || led.length > 0);
  const scope = (scopes.includes(params.get('scope') as InboxScope) ? params.get('scope') : 'all') as InboxScope;
  const status = params.get('status') ?? '';
  const due = (params.get('due') ?? '') as '' | 'soon' | 'overdue';
  const procedureCode = params.get('procedure') ?? '';
  const q = params.get('q') ?? '';
  const sort = params.get('sort') === 'submitted' ? 'submitted' : 'due';
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const pageSize = Number(params.get('size') ?? '50') || 50;
  const [text, setText] = useState(q);
  const [procSearch, setProcSearch] = useState('');
  const procQ = useDebounced(procSearch.trim(), 300);
  const procedures = useProcedures({ q: procQ || undefined, limit: 50 });
  const inbox = useInbox({
    scope,
    status: status || undefined,
    due: due || undefined,
    procedureCode: procedureCode || undefined,
    q: q || undefined,
    sort,
    limit: pageSize,
    offset: (page - 1) * pageSize,
  });
  const claim = useClaimTask();
  const release = useReleaseTask();
  const [selected, setSelected] = useState<string[]>([]);
  // The dossiers being forwarded, kept while the list refreshes under the results.
  const [bulkItems, setBulkItems] = useState<InboxItem[] | null>(null);
  const [assignTask, setAssignTask] = useState<InboxTask | null>(null);
  const [delegationsOpen, setDelegationsOpen] = useState(false);

  function update(changes: Record<string, string | null>) {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next, { replace: true });
    setSelected([]);
  }

  const items = useMemo(() => inbox.data?.items ?? [], [inbox.data]);
  const counts = inbox.data?.counts;
  const selectedItems = items.filter((d) => selected.includes(d.id));

  function taskAction(kind: 'claim' | 'release', task: InboxTask) {
    (kind === 'claim' ? claim : release).mutate(task.id, {
      onSuccess: () => message.success(kind === 'claim' ? t('inbox.claimed') : t('inbox.released')),
      onError: (err) => message.error(errorMessage(err, t('common.error'))),
    });
  }

  const actionColumn = {
    title: t('inbox.handle'),
    key: 'handle',
    width: 150,
    fixed: 'right' as const,
    render: (_: unknown, d: InboxItem) => {
      const task = d.task;
      if (!task) return null;
      const mine = !!user && task.assignee?.id === user.id;
      const acting = (role: string | null) => !!user?.actingFor?.some((a) => a.role === role && a.unitId === task.unitId);
      const canClaim = !task.assignee && !!task.role && (holdsRole(user, task.role, task.unitId) || acting(task.role));
      // A leader of the unit, or someone acting for one while they are away.
      const leads = led.some((u) => u.id === task.unitId) || acting('leader');
      return (
        <Space orientation="vertical" size={4}>
          {canClaim && (
            <Button size="small" type="primary" ghost onClick={() => taskAction('claim', task)} loading={claim.isPending && claim.variables === task.id} data-testid="inbox-claim">
              {t('inbox.claim')}
            </Button>
          )}
          {mine && (
            <Button size="small" onClick={() => taskAction('release', task)} loading={release.isPending && release.variables === task.id} data-testid="inbox-release">
              {t('inbox.release')}
            </Button>
          )}
          {leads && (
            <Button size="small" onClick={() => setAssignTask(task)} data-testid="inbox-assign">
              {t('inbox.assignTo')}
            </Button>
          )}
        </Space>
      );
    },
  };

  const scopeLabel = (s: InboxScope) =>
    s === 'team' ? (
      <span data-testid="inbox-scope-team" title={t('inbox.teamHint')}>
        {t('inbox.scope.team')}
      </span>
    ) : (
      <span data-testid={`inbox-scope-${s}`} data-count={counts?.[s] ?? ''}>
        {t(`inbox.scope.${s}`)} <Badge count={counts?.[s] ?? 0} showZero overflowCount={9999} color={s === 'pool' ? '#d46b08' : '#0b5cad'} size="small" />
      </span>
    );

  return (
    <>
      {user?.actingFor?.map((a) => (
        <Alert
          key={`${a.unitId}-${a.role}-${a.onBehalfOf.id}`}
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="inbox-acting-for"
          title={t('inbox.actingFor', { name: a.onBehalfOf.fullName, role: t(`role.${a.role}`), unit: a.unitName, until: formatDateTime(a.endsAt) })}
        />
      ))}
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 16 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('inbox.title')}
        </Typography.Title>
        <Flex gap={8} wrap>
          {desk && (
            <>
              <Link to="/xu-ly/tiep-nhan">
                <Button type="primary" icon={<PlusOutlined />} data-testid="inbox-reception">
                  {t('desk.title')}
                </Button>
              </Link>
              <Link to="/xu-ly/so-theo-doi">
                <Button icon={<BookOutlined />} data-testid="inbox-tracking-book">
                  {t('nav.trackingBook')}
                </Button>
              </Link>
            </>
          )}
          {led.length > 0 && (
            <Button icon={<TeamOutlined />} onClick={() => setDelegationsOpen(true)} data-testid="inbox-delegations">
              {t('delegation.button')}
            </Button>
          )}
          <Button icon={<ReloadOutlined />} onClick={() => void inbox.refetch()} loading={inbox.isFetching}>
            {t('inbox.refresh')}
          </Button>
        </Flex>
      </Flex>
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        <Col xs={8}>
          <Card size="small">
            <Statistic title={t('inbox.total')} value={inbox.data?.total ?? 0} data-testid="inbox-total" />
          </Card>
        </Col>
        <Col xs={8}>
          <Card size="small" hoverable onClick={() => update({ due: due === 'overdue' ? null : 'overdue' })}>
            <Statistic
              title={t('deadline.overdue')}
              value={counts?.overdue ?? 0}
              styles={{ content: { color: counts?.overdue ? '#cf1322' : undefined } }}
              data-testid="inbox-overdue"
            />
          </Card>
        </Col>
        <Col xs={8}>
          <Card size="small" hoverable onClick={() => update({ due: due === 'soon' ? null : 'soon' })}>
            <Statistic title={t('deadline.due_soon')} value={counts?.dueSoon ?? 0} styles={{ content: { color: counts?.dueSoon ? '#d46b08' : undefined } }} data-testid="inbox-due-soon" />
          </Card>
        </Col>
      </Row>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
        <Segmented<InboxScope>
          value={scope}
          onChange={(v) => update({ scope: v === 'all' ? null : v })}
          options={scopes.map((s) => ({ value: s, label: scopeLabel(s) }))}
          data-testid="inbox-scope"
        />
        <Button
          type="primary"
          icon={<ForwardOutlined />}
          disabled={selectedItems.length === 0}
          onClick={() => setBulkItems(selectedItems)}
          data-testid="inbox-bulk-advance"
        >
          {t('inbox.bulkAdvance')}
          {selectedItems.length > 0 ? ` (${selectedItems.length})` : ''}
        </Button>
      </Flex>
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          value={text}
          onChange={(e) => setText(e.target.value)}
          onSearch={(v) => update({ q: v.trim() || null })}
          placeholder={t('inbox.searchPlaceholder')}
          style={{ width: 280 }}
          data-testid="inbox-search"
        />
        <Select
          allowClear
          showSearch={{ filterOption: false, onSearch: setProcSearch }}
          placeholder={t('inbox.procedureFilter')}
          value={procedureCode || undefined}
          onChange={(v?: string) => update({ procedure: v ?? null })}
          options={(procedures.data?.items ?? []).map((p) => ({ value: p.code, label: `${p.code} — ${p.name}` }))}
          style={{ width: 300 }}
          popupMatchSelectWidth={false}
          data-testid="inbox-procedure-filter"
        />
        <Select
          aria-label={t('inbox.statusFilter')}
          data-testid="inbox-status-filter"
          style={{ minWidth: 200 }}
          value={status}
          onChange={(v) => update({ status: v })}
          options={[{ value: '', label: t('inbox.allStatuses') }, ...INBOX_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))]}
        />
        <Select
          style={{ minWidth: 170 }}
          value={due}
          onChange={(v) => update({ due: v || null })}
          data-testid="inbox-due-filter"
          options={[
            { value: '', label: t('inbox.anyDue') },
            { value: 'soon', label: t('deadline.due_soon') },
            { value: 'overdue', label: t('deadline.overdue') },
          ]}
        />
        <Select
          style={{ minWidth: 200 }}
          value={sort}
          onChange={(v) => update({ sort: v === 'due' ? null : v })}
          data-testid="inbox-sort"
          options={[
            { value: 'due', label: t('inbox.sortDue') },
            { value: 'submitted', label: t('inbox.sortSubmitted') },
          ]}
        />
      </Flex>
      {inbox.isError && <ProblemAlert error={inbox.error} onRetry={() => void inbox.refetch()} />}
      <DossierTable<InboxItem>
        testId="inbox-table"
        items={items}
        total={inbox.data?.total ?? 0}
        loading={inbox.isLoading}
        page={page}
        pageSize={pageSize}
        onPage={(p, s) => update({ page: s !== pageSize ? null : String(p), size: s === 50 ? null : String(s) })}
        showApplicant
        showStep
        renderStep={(d) => <TaskCell d={d} />}
        extraColumns={[actionColumn]}
        selection={{ keys: selected, onChange: setSelected }}
      />
      <BulkModal items={bulkItems ?? []} open={!!bulkItems} onClose={() => setBulkItems(null)} onDone={() => setSelected([])} />
      <AssignModal task={assignTask} onClose={() => setAssignTask(null)} />
      {led.length > 0 && <DelegationsModal open={delegationsOpen} units={led} onClose={() => setDelegationsOpen(false)} />}
    </>
  );
}
