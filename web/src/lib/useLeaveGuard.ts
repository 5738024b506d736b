import { App } from 'antd';
import { useEffect } from 'react';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';

/**
 * Guards an editor with unsaved changes: the browser warns before closing the tab, and `leave(to)`
 * asks before navigating away (then calls `onDiscard`).
 */
export function useLeaveGuard(dirty: boolean, onDiscard: () => void) {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const navigate = useNavigate();

  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [dirty]);

  return function leave(to: string) {
    if (!dirty) {
      navigate(to);
      return;
    }
    modal.confirm({
      title: t('proc.leaveTitle'),
      content: t('proc.leaveContent'),
      okText: t('proc.leaveOk'),
      cancelText: t('common.cancel'),
      okButtonProps: { danger: true },
      onOk: () => {
        onDiscard();
        navigate(to);
      },
    });
  };
}
