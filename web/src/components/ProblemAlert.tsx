import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../api/client';

/** Shows an API error (problem detail) as an antd Alert, with an optional retry. */
export function ProblemAlert({ error, onRetry, title }: { error: unknown; onRetry?: () => void; title?: string }) {
  const { t } = useTranslation();
  const fieldErrors = error instanceof ApiError ? error.problem.errors ?? [] : [];
  const heading = title ?? (error instanceof ApiError && error.problem.title ? error.problem.title : t('common.error'));
  const detail = errorMessage(error, t('common.error'));
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={heading}
      description={
        <>
          {detail !== heading && <div>{detail}</div>}
          {fieldErrors.length > 0 && (
            <ul style={{ margin: '4px 0 0', paddingInlineStart: 20 }}>
              {fieldErrors.map((e, i) => (
                <li key={i}>
                  {e.path ? <code>{e.path}</code> : null} {e.message}
                </li>
              ))}
            </ul>
          )}
        </>
      }
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}
