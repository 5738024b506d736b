import type { ReactNode } from 'react';
import { Button, Card, Flex, Form, Input, Modal, Typography } from 'antd';
import type { ButtonProps, FormInstance } from 'antd';
import { CheckCircleOutlined, CloseCircleOutlined, EditOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { DeskDecision } from '../../api/types';
import { validatedValues } from '../../lib/form';

/** The three decisions, in the order the desk meets them (accepting is the common case). */
const DECISIONS: { decision: DeskDecision; icon: ReactNode; type?: ButtonProps['type']; danger?: boolean }[] = [
  { decision: 'accept', icon: <CheckCircleOutlined />, type: 'primary' },
  { decision: 'supplement', icon: <EditOutlined /> },
  { decision: 'reject', icon: <CloseCircleOutlined />, danger: true },
];

/**
 * Reception, the last step: accept, ask for a supplement (the missing items), or refuse to receive (the
 * reason). The two last ask for their text in a dialog before the dossier is sent.
 */
export function DecisionCard({ submitting, missingCount, pendingDecision, commentForm, onDecision, onSubmit, onCancel }: {
  /** The decision being sent, if any. */
  submitting: DeskDecision | null;
  /** Checklist rows not handed in. */
  missingCount: number;
  /** The decision whose dialog is open. */
  pendingDecision: DeskDecision | null;
  commentForm: FormInstance<{ comment: string }>;
  onDecision: (decision: DeskDecision) => void | Promise<void>;
  onSubmit: (decision: DeskDecision, comment: string) => Promise<boolean>;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const busy = submitting !== null;
  return (
    <>
      <Card size="small" title={t('desk.stepDecision')} className="mc-desk-decision">
        <Flex wrap gap={8} align="center">
          {DECISIONS.map(({ decision, icon, type, danger }) => (
            <Button
              key={decision}
              type={type}
              danger={danger}
              size="large"
              icon={icon}
              loading={submitting === decision}
              disabled={busy && submitting !== decision}
              onClick={() => void onDecision(decision)}
              data-testid={`desk-${decision}`}
            >
              {t(`desk.${decision}`)}
            </Button>
          ))}
          {missingCount > 0 && (
            <Typography.Text type="warning" data-testid="desk-missing-count">
              {t('desk.missingCount', { count: missingCount })}
            </Typography.Text>
          )}
        </Flex>
      </Card>

      <Modal
        open={pendingDecision !== null}
        title={pendingDecision === 'supplement' ? t('desk.supplementTitle') : t('desk.rejectTitle')}
        okText={pendingDecision === 'supplement' ? t('desk.supplement') : t('desk.reject')}
        cancelText={t('common.cancel')}
        okButtonProps={{ danger: pendingDecision === 'reject', loading: busy, 'data-testid': 'desk-decision-confirm' } as ButtonProps}
        onOk={() =>
          void validatedValues(commentForm)
            .then((v) => (pendingDecision ? onSubmit(pendingDecision, v.comment) : false))
            .catch(() => undefined)
        }
        onCancel={() => !busy && onCancel()}
        destroyOnHidden
        forceRender
      >
        <Form form={commentForm} layout="vertical" requiredMark>
          <Form.Item
            name="comment"
            label={pendingDecision === 'supplement' ? t('desk.supplementItems') : t('desk.rejectReason')}
            extra={pendingDecision === 'supplement' ? t('desk.supplementHint') : undefined}
            rules={[
              {
                required: true,
                whitespace: true,
                message: pendingDecision === 'supplement' ? t('desk.supplementRequired') : t('desk.rejectRequired'),
              },
            ]}
          >
            <Input.TextArea
              data-testid="desk-comment"
              rows={6}
              autoFocus
              maxLength={4000}
              showCount
              onKeyDown={(e) => {
                if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && pendingDecision) {
                  e.preventDefault();
                  void validatedValues(commentForm)
                    .then((v) => onSubmit(pendingDecision, v.comment))
                    .catch(() => undefined);
                }
              }}
            />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
