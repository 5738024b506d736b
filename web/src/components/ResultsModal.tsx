import { Modal } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  open: boolean;
  title: ReactNode;
  width?: number;
  /** True once the action ran: the modal then shows its results with a single Close button. */
  done: boolean;
  submitText: string;
  submitDisabled?: boolean;
  loading: boolean;
  submitTestId: string;
  onSubmit: () => void;
  onClose: () => void;
  children: ReactNode;
}

/** A modal that asks for an action on several items, runs it, then shows how each went. */
export function ResultsModal(p: Props) {
  const { t } = useTranslation();
  return (
    <Modal
      open={p.open}
      title={p.title}
      width={p.width}
      onCancel={p.onClose}
      okText={p.done ? t('common.close') : p.submitText}
      cancelButtonProps={{ style: p.done ? { display: 'none' } : undefined }}
      okButtonProps={{ disabled: !p.done && p.submitDisabled, loading: p.loading, ...({ 'data-testid': p.submitTestId } as object) }}
      onOk={() => (p.done ? p.onClose() : p.onSubmit())}
      destroyOnHidden
    >
      {p.children}
    </Modal>
  );
}
