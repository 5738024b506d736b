import { useState } from 'react';
import { Button, Empty, Flex, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useMyDossiers } from '../dossier/api';
import { DossierTable } from '../components/DossierTable';
import { ProblemAlert } from '../components/ProblemAlert';

/** The applicant's own dossiers. */
export function MyDossiersPage() {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const query = useMyDossiers({ limit: pageSize, offset: (page - 1) * pageSize });
  const items = query.data?.items ?? [];
  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 16 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('my.title')}
        </Typography.Title>
        <Link to="/">
          <Button type="primary">{t('my.newDossier')}</Button>
        </Link>
      </Flex>
      {query.isError && <ProblemAlert error={query.error} onRetry={() => void query.refetch()} />}
      {query.data && items.length === 0 && page === 1 ? (
        <Empty description={t('my.empty')} />
      ) : (
        <DossierTable
          testId="my-dossiers-table"
          items={items}
          total={query.data?.total ?? 0}
          loading={query.isFetching && !query.data}
          page={page}
          pageSize={pageSize}
          onPage={(p, s) => {
            setPage(s !== pageSize ? 1 : p);
            setPageSize(s);
          }}
        />
      )}
    </>
  );
}
