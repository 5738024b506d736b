import { Empty, Space, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DossierEvent, StepRef } from '../api/types';
import { formatDateTime } from '../lib/format';

/** Step name from an event: objects carry it; bare keys are looked up in `names` (unknown keys are hidden). */
function stepName(step: string | StepRef | null | undefined, names: Record<string, string>): string | null {
  if (!step) return null;
  if (typeof step !== 'string') return step.name || names[step.key] || null;
  return names[step] ?? null;
}

function colorFor(event: DossierEvent): string {
  switch (event.toStatus) {
    case 'rejected':
    case 'refused':
      return 'red';
    case 'returned':
    case 'result_ready':
      return 'green';
    case 'awaiting_supplement':
    case 'awaiting_payment':
    case 'paused':
      return 'orange';
    case 'withdrawn':
      return 'gray';
    default:
      return 'blue';
  }
}

/** The dossier history as an antd Timeline: label, who, when, status/step change, comment. */
export function DossierTimeline({ events, stepNames = {} }: { events: DossierEvent[]; stepNames?: Record<string, string> }) {
  const { t } = useTranslation();
  if (events.length === 0) {
    return (
      <div data-testid="timeline">
        <Empty description={t('timeline.empty')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      </div>
    );
  }
  const statusLabel = (s: string | null) => (s ? t(`status.${s}`, { defaultValue: s }) : '');
  return (
    <div data-testid="timeline">
      <Timeline
        items={events.map((e, i) => {
          const fromStep = e.fromStepName ?? stepName(e.fromStep, stepNames);
          const toStep = e.toStepName ?? stepName(e.toStep, stepNames);
          const statusChanged = e.toStatus && e.toStatus !== e.fromStatus;
          const stepChanged = toStep && toStep !== fromStep;
          return {
            key: `${e.at}-${i}`,
            color: colorFor(e),
            content: (
              <div data-testid="timeline-item" data-action={e.action}>
                <Typography.Text strong>{e.label || e.action}</Typography.Text>
                <div>
                  <Typography.Text type="secondary">
                    {formatDateTime(e.at)}
                    {' · '}
                    {e.actor
                      ? `${e.actor.fullName}${e.actor.role ? ` (${t(`role.${e.actor.role}`, { defaultValue: e.actor.role })})` : ''}`
                      : t('timeline.system')}
                  </Typography.Text>
                </div>
                <Space orientation="vertical" size={0}>
                  {statusChanged && (
                    <Typography.Text>
                      {e.fromStatus
                        ? t('timeline.statusChange', { from: statusLabel(e.fromStatus), to: statusLabel(e.toStatus) })
                        : t('timeline.statusSet', { to: statusLabel(e.toStatus) })}
                    </Typography.Text>
                  )}
                  {stepChanged && (
                    <Typography.Text>
                      {fromStep ? t('timeline.stepChange', { from: fromStep, to: toStep }) : t('timeline.stepSet', { to: toStep })}
                    </Typography.Text>
                  )}
                  {e.comment && (
                    <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }} italic>
                      “{e.comment}”
                    </Typography.Paragraph>
                  )}
                </Space>
              </div>
            ),
          };
        })}
      />
    </div>
  );
}
