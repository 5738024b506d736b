import { useState } from 'react';
import { App, Button, DatePicker, Flex, Form, Input, Modal, Radio } from 'antd';
import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../api/client';
import { useDossierAction } from '../dossier/api';
import type { Dossier, DossierAction, ReturnMethod } from '../api/types';
import { fromVnPickerValue, toVnPickerValue } from '../lib/format';
import { validatedValues } from '../lib/form';

/** Actions that need a new due date (sent as `newDueAt`). */
const NEEDS_DUE_DATE = new Set(['extend']);
/** Actions that ask how the result is handed over (sent as `returnMethod` + `recipientName`). */
const NEEDS_RETURN = new Set(['return_result']);

interface ModalValues {
  comment?: string;
  newDueAt?: Dayjs | null;
  returnMethod?: ReturnMethod;
  recipientName?: string;
}

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
 * modal with a required text area; `extend` also asks for the new due date (Vietnam time). The
 * dossier's current version is always sent.
 */
export function DossierActions({ dossier, actions }: { dossier: Dossier; actions: DossierAction[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const mutation = useDossierAction(dossier.id);
  const [pending, setPending] = useState<DossierAction | null>(null);
  const [running, setRunning] = useState<string | null>(null);
  const [form] = Form.useForm<ModalValues>();
  const needsDate = pending ? NEEDS_DUE_DATE.has(pending.action) : false;
  const needsReturn = pending ? NEEDS_RETURN.has(pending.action) : false;
  const returnMethod = Form.useWatch('returnMethod', form);

  async function run(
    action: DossierAction,
    comment?: string,
    newDueAt?: string,
    handover?: { returnMethod?: ReturnMethod; recipientName?: string },
  ): Promise<boolean> {
    setRunning(action.action);
    try {
      await mutation.mutateAsync({
        action: action.action,
        version: dossier.version,
        comment: comment?.trim() || undefined,
        newDueAt,
        returnMethod: handover?.returnMethod,
        recipientName: handover?.recipientName?.trim() || undefined,
      });
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
    if (action.requiresComment || NEEDS_DUE_DATE.has(action.action) || NEEDS_RETURN.has(action.action)) {
      form.resetFields();
      setPending(action);
    } else {
      void run(action);
    }
  }

  async function onModalOk() {
    if (!pending) return;
    const values = await validatedValues(form);
    const newDueAt = needsDate && values.newDueAt ? fromVnPickerValue(values.newDueAt) : undefined;
    const handover = needsReturn ? { returnMethod: values.returnMethod, recipientName: values.recipientName } : undefined;
    const ok = await run(pending, values.comment, newDueAt, handover);
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
          {needsDate && (
            <Form.Item
              name="newDueAt"
              initialValue={toVnPickerValue(dossier.dueAt)}
              label={t('actions.newDueAt')}
              extra={t('actions.newDueAtHint')}
              rules={[{ required: true, message: t('actions.newDueAtRequired') }]}
            >
              <DatePicker
                data-testid="action-new-due-at"
                showTime={{ format: 'HH:mm', minuteStep: 5 }}
                format="DD/MM/YYYY HH:mm"
                style={{ width: '100%' }}
                disabledDate={(d) => d.isBefore(dayjs(), 'day')}
                placeholder={t('actions.newDueAtPlaceholder')}
              />
            </Form.Item>
          )}
          {needsReturn && (
            <>
              <Form.Item name="returnMethod" initialValue={dossier.returnMethod ?? 'desk'} label={t('returnMethod.label')} rules={[{ required: true }]}>
                <Radio.Group
                  data-testid="action-return-method"
                  options={[
                    { value: 'desk', label: <span data-testid="return-method-desk">{t('returnMethod.desk')}</span> },
                    { value: 'post', label: <span data-testid="return-method-post">{t('returnMethod.post')}</span> },
                    { value: 'online', label: <span data-testid="return-method-online">{t('returnMethod.online')}</span> },
                  ]}
                />
              </Form.Item>
              <Form.Item
                name="recipientName"
                initialValue={dossier.recipientName ?? dossier.authorised?.fullName ?? dossier.applicant?.fullName ?? ''}
                label={t('returnMethod.recipientName')}
                extra={t('returnMethod.recipientHint')}
                rules={[{ required: returnMethod !== 'online', whitespace: true, message: t('returnMethod.recipientRequired') }]}
              >
                <Input data-testid="action-recipient-name" autoFocus maxLength={200} />
              </Form.Item>
            </>
          )}
          <Form.Item
            name="comment"
            label={t('actions.commentLabel')}
            rules={[{ required: pending?.requiresComment ?? true, whitespace: true, message: t('actions.commentRequired') }]}
          >
            <Input.TextArea data-testid="action-comment" rows={4} autoFocus={!needsDate && !needsReturn} placeholder={t('actions.commentPlaceholder')} maxLength={2000} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
