import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DeadlineState, DossierStatus } from '../api/types';

const STATUS_COLORS: Record<DossierStatus, string> = {
  draft: 'default',
  submitted: 'blue',
  in_progress: 'processing',
  awaiting_supplement: 'orange',
  awaiting_payment: 'gold',
  paused: 'purple',
  rejected: 'red',
  refused: 'volcano',
  result_ready: 'cyan',
  returned: 'green',
  withdrawn: 'default',
};

/** Coloured tag with the Vietnamese (or English) label of a dossier status. */
export function StatusTag({ status, testId = 'status-tag' }: { status: DossierStatus | string | null | undefined; testId?: string }) {
  const { t } = useTranslation();
  if (!status) return null;
  const color = STATUS_COLORS[status as DossierStatus] ?? 'default';
  return (
    <Tag color={color} data-testid={testId} data-status={status} style={{ marginInlineEnd: 0, whiteSpace: 'normal' }}>
      {t(`status.${status}`, { defaultValue: status })}
    </Tag>
  );
}

const DEADLINE_COLORS: Record<DeadlineState, string> = {
  within: 'blue',
  due_soon: 'orange',
  overdue: 'red',
  early: 'green',
  on_time: 'green',
  late: 'red',
};

/** Tag for the deadline state (within / due soon / overdue / early / on time / late). */
export function DeadlineTag({ state }: { state: DeadlineState | null | undefined }) {
  const { t } = useTranslation();
  if (!state) return null;
  return (
    <Tag color={DEADLINE_COLORS[state] ?? 'default'} data-testid="deadline-tag" data-deadline={state}>
      {t(`deadline.${state}`, { defaultValue: state })}
    </Tag>
  );
}
