import { Table, Typography } from 'antd';
import type { TableProps } from 'antd';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { DossierSummary } from '../api/types';
import { formatDateTime, isPast } from '../lib/format';
import { DeadlineTag, StatusTag } from './StatusTag';

const FINAL = new Set(['rejected', 'refused', 'returned', 'withdrawn', 'result_ready']);

/**
 * True when the server says the dossier is overdue; without a deadline from the server, when it is
 * still open and its due date has passed.
 */
export function isOverdue(d: DossierSummary): boolean {
  if (d.deadline) return d.deadline.state === 'overdue';
  return !FINAL.has(d.status) && isPast(d.dueAt);
}

interface Props<T extends DossierSummary> {
  items: T[];
  total: number;
  loading: boolean;
  page: number;
  pageSize: number;
  onPage: (page: number, pageSize: number) => void;
  showApplicant?: boolean;
  showStep?: boolean;
  testId?: string;
  /** Replaces the content of the step column (e.g. the inbox's task and who holds it). */
  renderStep?: (d: T) => React.ReactNode;
  /** Columns added at the end (e.g. row actions). */
  extraColumns?: NonNullable<TableProps<T>['columns']>;
  /** Row selection with checkboxes (by dossier id). */
  selection?: { keys: string[]; onChange: (keys: string[]) => void };
}

/** Clicks on these inside a row do their own thing instead of opening the dossier. */
const OWN_CLICK = 'a, button, input, label, .ant-checkbox-wrapper, .ant-table-selection-column, .ant-select, .ant-dropdown-trigger';

/** Table of dossier summaries; rows open /ho-so/:id; overdue rows are highlighted. */
export function DossierTable<T extends DossierSummary>({
  items, total, loading, page, pageSize, onPage, showApplicant, showStep, testId, renderStep, extraColumns, selection,
}: Props<T>) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const columns: TableProps<T>['columns'] = [
    {
      title: t('dossier.code'),
      dataIndex: 'code',
      key: 'code',
      width: 170,
      render: (code: string | null, d) => (
        <Link to={`/ho-so/${encodeURIComponent(d.id)}`} onClick={(e) => e.stopPropagation()} data-testid="dossier-link">
          {code ?? t('dossier.noCode')}
        </Link>
      ),
    },
    {
      title: t('dossier.procedure'),
      dataIndex: 'procedureName',
      key: 'procedure',
      width: 260,
      render: (name: string, d) => (
        <>
          <div>{name}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {d.unitName}
          </Typography.Text>
        </>
      ),
    },
    ...(showApplicant ? [{ title: t('inbox.applicant'), dataIndex: 'applicantName', key: 'applicant', width: 180 }] : []),
    {
      title: t('dossier.status'),
      dataIndex: 'status',
      key: 'status',
      width: 190,
      render: (s: T['status']) => <StatusTag status={s} />,
    },
    ...(showStep
      ? [
          {
            title: t('dossier.step'),
            key: 'step',
            width: 170,
            render: (_: unknown, d: T) =>
              renderStep ? (
                renderStep(d)
              ) : (
              <>
                <div>{d.step?.name ?? '—'}</div>
                {d.step?.dueAt && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="step-due-at">
                    {t('dossier.stepDue', { date: formatDateTime(d.step.dueAt) })}
                  </Typography.Text>
                )}
              </>
              ),
          },
        ]
      : []),
    { title: t('dossier.submittedAt'), dataIndex: 'submittedAt', key: 'submitted', width: 150, render: (v: string | null) => formatDateTime(v) },
    {
      title: t('dossier.dueAt'),
      dataIndex: 'dueAt',
      key: 'due',
      width: 170,
      render: (v: string | null, d) => (
        <>
          <span className="mc-due">{formatDateTime(v)}</span>
          {d.deadline?.state && (
            <div>
              <DeadlineTag state={d.deadline.state} />
            </div>
          )}
        </>
      ),
    },
    ...(extraColumns ?? []),
  ];
  return (
    <Table<T>
      data-testid={testId}
      className="mc-clickable-rows"
      rowKey="id"
      size="middle"
      loading={loading}
      columns={columns}
      dataSource={items}
      // Room for the procedure's name when the inbox adds a selection and an actions column.
      scroll={{ x: selection || extraColumns ? 1550 : 1150 }}
      rowClassName={(d) => (isOverdue(d) ? 'mc-row-overdue' : '')}
      rowSelection={selection ? { selectedRowKeys: selection.keys, onChange: (keys) => selection.onChange(keys.map(String)), columnWidth: 40 } : undefined}
      onRow={(d) => ({
        onClick: (e: React.MouseEvent<HTMLElement>) => {
          if ((e.target as HTMLElement).closest(OWN_CLICK)) return;
          navigate(`/ho-so/${encodeURIComponent(d.id)}`);
        },
        'data-testid': 'dossier-row',
        'data-code': d.code ?? '',
        'data-status': d.status,
      } as React.HTMLAttributes<HTMLElement>)}
      pagination={{
        current: page,
        pageSize,
        total,
        showSizeChanger: true,
        pageSizeOptions: [20, 50, 100],
        showTotal: (n) => t('common.total', { count: n }),
        onChange: onPage,
      }}
    />
  );
}
