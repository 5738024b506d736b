import type { ReactNode } from 'react';
import { Button, Result } from 'antd';
import { Link, Navigate, useLocation } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useSession } from '../account/api';
import type { User } from '../api/types';
import { PageSpinner } from './PageSpinner';
import { ProblemAlert } from './ProblemAlert';

/** Renders children only for a logged-in user (optionally passing `allow`); else login or 403. */
export function RequireAuth({ children, allow }: { children: ReactNode; allow?: (user: User) => boolean }) {
  const { t } = useTranslation();
  const location = useLocation();
  const session = useSession();
  if (session.isLoading) return <PageSpinner />;
  if (session.isError) return <ProblemAlert error={session.error} onRetry={() => void session.refetch()} />;
  const user = session.data?.user;
  if (!user) {
    return <Navigate replace to={`/dang-nhap?next=${encodeURIComponent(location.pathname + location.search)}`} />;
  }
  if (allow && !allow(user)) {
    return (
      <Result
        status="403"
        title="403"
        subTitle={t('common.forbidden')}
        extra={
          <Link to="/">
            <Button type="primary">{t('common.home')}</Button>
          </Link>
        }
      />
    );
  }
  return <>{children}</>;
}
