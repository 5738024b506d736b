import { useState } from 'react';
import { App, Button, Flex, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../api/client';
import { useDossierAction } from '../api/hooks';
import type { Dossier, DossierAction } from '../api/types';

function buttonProps(kind: DossierAction['kind']): { type: 'primary' | 'default'; danger: boolean } {
  switch (kind) {
    case 'advance':
      return { type: 'primary', danger: false };
    case 'reject':
    case 'refuse':
      return { type: 'default', danger: true };
    default:
      return { type: 'default', danger: false };
  }
}

/**
 * One button per action the server allows on this dossier. Actions that require a comment open a
 * modal with a required text area. The dossier's current version is always sent.
 */
export function DossierActions({ dossier, actions }: { dossier: Dossier; actions: DossierAction[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const mutation = useDossierAction(dossier.id);
  const [pending, setPending] = useState<DossierAction | null>(null);
  const [running, setRunning] = useState<string | null>(null);
  const [form] = Form.useForm<{ comment: string }>();

  async function run(action: DossierAction, comment?: string): Promise<boolean> {
    setRunning(action.action);
    try {
      await mutation.mutateAsync({ action: action.action, version: dossier.version, comment: comment?.trim() || undefined });
      message.success(t('actions.done', { label: action.label }));
      return true;
    } catch (err) {
      if (err instanceof ApiError && (err.status === 409 || err.code === 'stale_version')) {
        message.warning(err.code === 'stale_version' ? t('actions.stale') : errorMessage(err), 6);
      } else {
        message.error(errorMessage(err, t('common.error')), 6);
      }
      return false;
    } finally {
      setRunning(null);
    }
  }

  function onClick(action: DossierAction) {
    if (action.requiresComment) {
      form.resetFields();
      setPending(action);
    } else {
      void run(action);
    }
  }

  async function onModalOk() {
    if (!pending) return;
    const values = await form.validateFields();
    const ok = await run(pending, values.comment);
    if (ok) setPending(null);
  }

  if (actions.length === 0) return null;
  return (
    <>
      <Flex wrap gap={8} data-testid="dossier-actions">
        {actions.map((a) => {
          const props = buttonProps(a.kind);
          return (
            <Button
              key={a.action}
              {...props}
              data-testid={`action-${a.action}`}
              loading={running === a.action && !pending}
              disabled={running !== null && running !== a.action}
              onClick={() => onClick(a)}
            >
              {a.label}
            </Button>
          );
        })}
      </Flex>
      <Modal
        open={pending !== null}
        title={pending ? t('actions.confirmTitle', { label: pending.label, code: dossier.code ?? '' }) : ''}
        okText={pending?.label ?? t('actions.confirm')}
        cancelText={t('common.cancel')}
        okButtonProps={{
          danger: pending ? buttonProps(pending.kind).danger : false,
          loading: running !== null,
          'data-testid': 'action-confirm',
        }}
        onOk={() => void onModalOk()}
        onCancel={() => setPending(null)}
        destroyOnHidden
        forceRender
      >
        <Form form={form} layout="vertical" requiredMark>
          <Form.Item
            name="comment"
            label={t('actions.commentLabel')}
            rules={[{ required: true, whitespace: true, message: t('actions.commentRequired') }]}
          >
            <Input.TextArea data-testid="action-comment" rows={4} autoFocus placeholder={t('actions.commentPlaceholder')} maxLength={2000} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
