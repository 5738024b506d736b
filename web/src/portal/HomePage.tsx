import { useEffect, useState } from 'react';
import { Card, Col, Empty, Flex, Input, Pagination, Row, Select, Space, Tag, Typography } from 'antd';
import { ClockCircleOutlined, SearchOutlined, WalletOutlined } from '@ant-design/icons';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useFields, useProcedures, useUnits } from '../catalog/api';
import type { OnlineLevel } from '../api/types';
import { ProblemAlert } from '../components/ProblemAlert';
import { useDebounced } from '../lib/useDebounced';

const PAGE_SIZE = 20;

const ONLINE_COLORS: Record<OnlineLevel, string> = { full: 'green', partial: 'blue', info: 'default' };

/** Home page: procedure search (debounced, diacritics-insensitive on the server) with a field filter. */
export function HomePage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(params.get('q') ?? '');
  const field = params.get('field') ?? '';
  const level = params.get('level') ?? '';
  const unit = params.get('unit') ?? '';
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const q = useDebounced(text.trim(), 300);

  // Keep the query string in the URL so a search can be shared or reloaded.
  useEffect(() => {
    const current = params.get('q') ?? '';
    if (current === q) return;
    const next = new URLSearchParams(params);
    if (q) next.set('q', q);
    else next.delete('q');
    next.delete('page');
    setParams(next, { replace: true });
  }, [q, params, setParams]);

  const fields = useFields();
  const units = useUnits();
  const procedures = useProcedures({
    q: q || undefined, field: field || undefined, level: level || undefined, unit: unit || undefined,
    limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE,
  });
  const levels = [...new Set((units.data?.items ?? []).map((u) => u.level))];

  function setParam(key: string, value: string) {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== 'page') next.delete('page');
    setParams(next, { replace: key !== 'page' });
  }

  const items = procedures.data?.items ?? [];
  const total = procedures.data?.total ?? 0;

  return (
    <>
      <div className="mc-hero">
        <Typography.Title level={2}>{t('home.title')}</Typography.Title>
        <Typography.Paragraph style={{ color: 'rgba(255,255,255,0.9)' }}>{t('home.subtitle')}</Typography.Paragraph>
        <Row gutter={[12, 12]}>
          <Col xs={24}>
            <Input
              size="large"
              allowClear
              autoFocus
              prefix={<SearchOutlined />}
              placeholder={t('home.searchPlaceholder')}
              aria-label={t('home.searchPlaceholder')}
              data-testid="search-input"
              value={text}
              onChange={(e) => setText(e.target.value)}
              enterKeyHint="search"
            />
          </Col>
          <Col xs={24} md={8}>
            <Select
              style={{ width: '100%' }}
              aria-label={t('home.fieldFilter')}
              data-testid="field-filter"
              value={field}
              onChange={(v) => setParam('field', v)}
              loading={fields.isLoading}
              showSearch={{ optionFilterProp: 'label' }}
              options={[
                { value: '', label: t('home.allFields') },
                ...(fields.data?.items ?? []).map((f) => ({ value: f.code, label: f.name })),
              ]}
            />
          </Col>
          <Col xs={24} md={8}>
            <Select
              style={{ width: '100%' }}
              aria-label={t('home.levelFilter')}
              data-testid="level-filter"
              value={level}
              onChange={(v) => setParam('level', v)}
              options={[{ value: '', label: t('home.allLevels') }, ...levels.map((l) => ({ value: l, label: t(`level.${l}`, { defaultValue: l }) }))]}
            />
          </Col>
          <Col xs={24} md={8}>
            <Select
              style={{ width: '100%' }}
              aria-label={t('home.unitFilter')}
              data-testid="unit-filter"
              value={unit}
              onChange={(v) => setParam('unit', v)}
              loading={units.isLoading}
              showSearch={{ optionFilterProp: 'label' }}
              options={[{ value: '', label: t('home.allUnits') }, ...(units.data?.items ?? []).map((u) => ({ value: u.code, label: u.name }))]}
            />
          </Col>
        </Row>
        <Typography.Paragraph style={{ marginTop: 12, marginBottom: 0 }}>
          <Link to="/tra-cuu" style={{ color: '#fff', textDecoration: 'underline' }}>
            {t('home.quickLookup')}
          </Link>
        </Typography.Paragraph>
      </div>

      {procedures.isError && <ProblemAlert error={procedures.error} onRetry={() => void procedures.refetch()} />}

      <Flex justify="space-between" align="center" style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary" data-testid="result-count">
          {procedures.data ? t('home.results', { count: total }) : t('common.loading')}
        </Typography.Text>
      </Flex>

      {procedures.data && items.length === 0 ? (
        <Empty description={t('home.empty')} />
      ) : (
        <Flex vertical gap={12} style={{ opacity: procedures.isPlaceholderData ? 0.6 : 1 }}>
          {(procedures.isLoading ? [] : items).map((p) => (
            <Link key={p.code} to={`/thu-tuc/${encodeURIComponent(p.code)}`} data-testid="procedure-result" data-code={p.code}>
              <Card hoverable size="small">
                <Typography.Title level={5} style={{ marginTop: 0, marginBottom: 6 }}>
                  {p.name}
                </Typography.Title>
                <Space size={[8, 4]} wrap>
                  <Typography.Text type="secondary">{p.code}</Typography.Text>
                  {p.field && <Tag>{p.field.name}</Tag>}
                  <Tag color={ONLINE_COLORS[p.onlineLevel] ?? 'default'}>{t(`onlineLevel.${p.onlineLevel}`, { defaultValue: p.onlineLevel })}</Tag>
                  {p.processingTime?.text && (
                    <Typography.Text type="secondary">
                      <ClockCircleOutlined /> {p.processingTime.text}
                    </Typography.Text>
                  )}
                  {p.feeText && (
                    <Typography.Text type="secondary">
                      <WalletOutlined /> {p.feeText}
                    </Typography.Text>
                  )}
                </Space>
              </Card>
            </Link>
          ))}
        </Flex>
      )}

      {total > PAGE_SIZE && (
        <Flex justify="center" style={{ marginTop: 16 }}>
          <Pagination current={page} pageSize={PAGE_SIZE} total={total} showSizeChanger={false} onChange={(p) => setParam('page', String(p))} />
        </Flex>
      )}
    </>
  );
}
