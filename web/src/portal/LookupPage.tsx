import { useEffect, useState } from 'react';
import { Button, Card, Descriptions, Empty, Input, Space, Typography } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { usePublicDossier } from '../dossier/api';
import { PageSpinner } from '../components/PageSpinner';
import { ProblemAlert } from '../components/ProblemAlert';
import { StatusTag } from '../components/StatusTag';
import { formatDateTime } from '../lib/format';

/** Public dossier lookup by code (no personal data). */
export function LookupPage() {
  const { t } = useTranslation();
  const { code } = useParams();
  const navigate = useNavigate();
  const [text, setText] = useState(code ?? '');
  useEffect(() => setText(code ?? ''), [code]);
  const result = usePublicDossier(code?.trim() || undefined);

  function onSearch(value: string) {
    const v = value.trim();
    if (!v) return;
    navigate(`/tra-cuu/${encodeURIComponent(v)}`);
  }

  const notFound = result.error instanceof ApiError && result.error.status === 404;
  const d = result.data;

  return (
    <div style={{ maxWidth: 720, margin: '0 auto' }}>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('lookup.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('lookup.subtitle')}</Typography.Paragraph>
      <Space.Compact style={{ width: '100%', marginBottom: 24 }}>
        <Input
          size="large"
          data-testid="lookup-input"
          aria-label={t('lookup.placeholder')}
          placeholder={t('lookup.placeholder')}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onPressEnter={() => onSearch(text)}
          allowClear
          autoFocus={!code}
          autoCapitalize="characters"
          autoCorrect="off"
          enterKeyHint="search"
        />
        <Button size="large" type="primary" icon={<SearchOutlined />} onClick={() => onSearch(text)} data-testid="lookup-submit">
          {t('lookup.button')}
        </Button>
      </Space.Compact>
      {code && result.isLoading && <PageSpinner />}
      {notFound && <Empty description={t('lookup.notFound', { code })} data-testid="lookup-not-found" />}
      {result.isError && !notFound && <ProblemAlert error={result.error} onRetry={() => void result.refetch()} />}
      {d && (
        <Card title={t('lookup.result')} data-testid="lookup-result">
          <Descriptions
            column={1}
            size="small"
            bordered
            items={[
              { key: 'code', label: t('dossier.code'), children: <Typography.Text strong copyable>{d.code}</Typography.Text> },
              { key: 'status', label: t('dossier.status'), children: <StatusTag status={d.status} /> },
              { key: 'procedure', label: t('dossier.procedure'), children: d.procedureName },
              { key: 'unit', label: t('dossier.unit'), children: d.unitName },
              { key: 'received', label: t('dossier.receivedAt'), children: formatDateTime(d.receivedAt) },
              { key: 'due', label: t('dossier.dueAt'), children: formatDateTime(d.dueAt) },
              { key: 'completed', label: t('dossier.completedAt'), children: formatDateTime(d.completedAt) },
            ]}
          />
        </Card>
      )}
    </div>
  );
}
