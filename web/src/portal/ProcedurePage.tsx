import { Alert, Breadcrumb, Button, Card, Descriptions, Flex, Space, Table, Tag, Typography } from 'antd';
import { FormOutlined } from '@ant-design/icons';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { useSession } from '../account/api';
import { useProcedure } from '../catalog/api';
import type { ProcedureDocument } from '../api/types';
import { PageSpinner } from '../components/PageSpinner';
import { ProblemAlert } from '../components/ProblemAlert';
import { formatMoney } from '../lib/format';
import { levelLabel } from '../lib/labels';

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Card title={title} size="small" style={{ marginBottom: 16 }}>
      {children}
    </Card>
  );
}

function isUrl(value: string): boolean {
  return /^(https?:)?\/\//.test(value) || value.startsWith('/');
}

/** Public page of one procedure: description, documents, steps, legal basis, units; apply button. */
export function ProcedurePage() {
  const { t } = useTranslation();
  const { code = '' } = useParams();
  const navigate = useNavigate();
  const session = useSession();
  const procedure = useProcedure(code);

  if (procedure.isLoading) return <PageSpinner />;
  if (procedure.isError) {
    const notFound = procedure.error instanceof ApiError && procedure.error.status === 404;
    return <ProblemAlert error={procedure.error} title={notFound ? t('procedure.notFound') : undefined} onRetry={notFound ? undefined : () => void procedure.refetch()} />;
  }
  const p = procedure.data;
  if (!p) return null;

  const applyPath = `/thu-tuc/${encodeURIComponent(p.code)}/nop-ho-so`;
  const canApply = p.onlineLevel !== 'info';
  function onApply() {
    if (session.data?.user) navigate(applyPath);
    else navigate(`/dang-nhap?next=${encodeURIComponent(applyPath)}`);
  }

  const fees = p.fees ?? [];
  const documents = p.documents ?? [];

  return (
    <>
      <Breadcrumb
        style={{ marginBottom: 12 }}
        items={[{ title: <Link to="/">{t('nav.services')}</Link> }, { title: p.field?.name ?? p.code }]}
      />
      <Card style={{ marginBottom: 16 }}>
        <Typography.Title level={3} style={{ marginTop: 0 }} data-testid="procedure-name">
          {p.name}
        </Typography.Title>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 1, md: 2 }}
          bordered
          items={[
            { key: 'code', label: t('procedure.code'), children: p.code },
            { key: 'field', label: t('procedure.field'), children: p.field?.name ?? '—' },
            { key: 'level', label: t('procedure.level'), children: levelLabel(t, p.level) },
            { key: 'time', label: t('procedure.processingTime'), children: p.processingTime?.text || '—' },
            {
              key: 'fees',
              label: t('procedure.fees'),
              children:
                fees.length > 0 ? (
                  <Space orientation="vertical" size={0}>
                    {fees.map((f, i) => (
                      <span key={i}>
                        {f.name}: <b>{f.amount ? formatMoney(f.amount) : t('procedure.noFee')}</b>
                        {f.note ? <Typography.Text type="secondary"> ({f.note})</Typography.Text> : null}
                      </span>
                    ))}
                  </Space>
                ) : (
                  p.feeText || t('procedure.noFee')
                ),
            },
            {
              key: 'online',
              label: t('procedure.onlineLevel'),
              children: <Tag color={p.onlineLevel === 'full' ? 'green' : p.onlineLevel === 'partial' ? 'blue' : 'default'}>{t(`onlineLevel.${p.onlineLevel}`, { defaultValue: p.onlineLevel })}</Tag>,
            },
            ...(p.cutOff ? [{ key: 'cutoff', label: t('procedure.cutOff'), children: p.cutOff }] : []),
            ...(p.applicants?.length ? [{ key: 'applicants', label: t('procedure.applicants'), children: p.applicants.join('; ') }] : []),
          ]}
        />
        <Flex gap={12} wrap style={{ marginTop: 16 }} align="center">
          {canApply ? (
            <Button type="primary" size="large" icon={<FormOutlined />} onClick={onApply} data-testid="apply-button">
              {t('procedure.apply')}
            </Button>
          ) : (
            <Alert type="info" showIcon title={t('procedure.infoOnly')} />
          )}
        </Flex>
      </Card>

      <Section title={t('procedure.documents')}>
        <Table<ProcedureDocument>
          size="small"
          pagination={false}
          rowKey={(_, i) => String(i)}
          dataSource={documents}
          scroll={{ x: 560 }}
          columns={[
            { title: '#', width: 48, render: (_, __, i) => i + 1 },
            { title: t('procedure.docName'), dataIndex: 'name', render: (v: string) => <span className="mc-multiline">{v}</span> },
            { title: t('procedure.originals'), dataIndex: 'originals', width: 96, align: 'center', render: (v: number | null) => v ?? 0 },
            { title: t('procedure.copies'), dataIndex: 'copies', width: 96, align: 'center', render: (v: number | null) => v ?? 0 },
            {
              title: t('procedure.template'),
              dataIndex: 'template',
              width: 160,
              render: (v: string | null | undefined) =>
                v ? (
                  isUrl(v) ? (
                    <a href={v} target="_blank" rel="noreferrer">
                      {t('common.download')}
                    </a>
                  ) : (
                    v
                  )
                ) : (
                  '—'
                ),
            },
          ]}
        />
      </Section>

      {p.steps && (
        <Section title={t('procedure.steps')}>
          <Typography.Paragraph className="mc-multiline" style={{ marginBottom: 0 }}>
            {p.steps}
          </Typography.Paragraph>
        </Section>
      )}
      {p.conditions && (
        <Section title={t('procedure.conditions')}>
          <Typography.Paragraph className="mc-multiline" style={{ marginBottom: 0 }}>
            {p.conditions}
          </Typography.Paragraph>
        </Section>
      )}
      {p.legalBasis?.length > 0 && (
        <Section title={t('procedure.legalBasis')}>
          <ul style={{ margin: 0, paddingInlineStart: 20 }}>
            {p.legalBasis.map((l, i) => (
              <li key={i}>{l}</li>
            ))}
          </ul>
        </Section>
      )}
      {p.result && (
        <Section title={t('procedure.result')}>
          <Typography.Paragraph className="mc-multiline" style={{ marginBottom: 0 }}>
            {p.result}
          </Typography.Paragraph>
        </Section>
      )}
      {p.units?.length > 0 && (
        <Section title={t('procedure.units')}>
          <ul style={{ margin: 0, paddingInlineStart: 20 }}>
            {p.units.map((u) => (
              <li key={u.id}>{u.name}</li>
            ))}
          </ul>
        </Section>
      )}
    </>
  );
}
