import { useMemo } from 'react';
import { Button, Card, Col, Flex, Row, Select, Statistic, Typography } from 'antd';
import { BookOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useInbox, useSession } from '../api/hooks';
import type { DossierStatus } from '../api/types';
import { DossierTable, isOverdue } from '../components/DossierTable';
import { ProblemAlert } from '../components/ProblemAlert';
import { isDesk } from '../lib/roles';

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

/** Officer inbox: dossiers waiting for the user's roles, with a status filter and counters. */
export default function InboxPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const desk = isDesk(useSession().data?.user);
  const status = params.get('status') ?? '';
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const pageSize = Number(params.get('size') ?? '50') || 50;
  const inbox = useInbox({ status: status || undefined, limit: pageSize, offset: (page - 1) * pageSize });

  function update(changes: Record<string, string | null>) {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  }

  const items = useMemo(() => inbox.data?.items ?? [], [inbox.data]);
  // Counters follow the server's deadline state (isOverdue falls back to the due date when absent).
  const overdue = items.filter(isOverdue).length;
  const dueSoon = items.filter((d) => d.deadline?.state === 'due_soon').length;

  return (
    <>
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
          <Select
            aria-label={t('inbox.statusFilter')}
            data-testid="inbox-status-filter"
            style={{ minWidth: 240 }}
            value={status}
            onChange={(v) => update({ status: v, page: null })}
            options={[
              { value: '', label: t('inbox.allStatuses') },
              ...INBOX_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) })),
            ]}
          />
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
          <Card size="small">
            <Statistic title={<span title={t('inbox.pageNote')}>{t('deadline.overdue')}</span>} value={overdue} styles={{ content: { color: overdue ? '#cf1322' : undefined } }} data-testid="inbox-overdue" />
          </Card>
        </Col>
        <Col xs={8}>
          <Card size="small">
            <Statistic title={t('deadline.due_soon')} value={dueSoon} styles={{ content: { color: dueSoon ? '#d46b08' : undefined } }} />
          </Card>
        </Col>
      </Row>
      {inbox.isError && <ProblemAlert error={inbox.error} onRetry={() => void inbox.refetch()} />}
      <DossierTable
        testId="inbox-table"
        items={items}
        total={inbox.data?.total ?? 0}
        loading={inbox.isLoading}
        page={page}
        pageSize={pageSize}
        onPage={(p, s) => update({ page: s !== pageSize ? null : String(p), size: s === 50 ? null : String(s) })}
        showApplicant
        showStep
      />
    </>
  );
}
