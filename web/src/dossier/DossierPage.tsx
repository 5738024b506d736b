import { lazy, Suspense, useEffect } from 'react';
import { Breadcrumb, Card, Col, Descriptions, Empty, Flex, Row, Space, Table, Typography } from 'antd';
import { FileOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { apiUrl, ApiError } from '../api/client';
import { useSession } from '../account/api';
import { useProcedure } from '../catalog/api';
import { useDossier, useDossierActions, useDossierEvents } from './api';
import type { DossierFile } from '../api/types';
import { DossierActions } from '../components/DossierActions';
import { DossierTimeline } from '../components/DossierTimeline';
import { PageSpinner } from '../components/PageSpinner';
import { ProblemAlert } from '../components/ProblemAlert';
import { DeadlineTag, StatusTag } from '../components/StatusTag';
import { formatRemaining } from '../lib/deadline';
import { formatDateTime, formatSize } from '../lib/format';
import { isDesk, isOfficer } from '../lib/roles';
import { DossierForms } from './DossierForms';
import { FeesCard } from './FeesCard';
import { FormDataView } from './FormDataView';
import { ResultCard } from './ResultCard';

// The diagram brings the graph canvas (React Flow): loaded only when the page shows it.
const ProcessDiagram = lazy(() => import('../workflow/ProcessDiagram'));

/** Dossier detail shared by applicants and officers: summary, actions, form data, files, history. */
export default function DossierPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const session = useSession();
  const dossier = useDossier(id);
  const actions = useDossierActions(id);
  const events = useDossierEvents(id);
  const procedure = useProcedure(dossier.data?.procedureCode);
  // Buttons are offered only for the version on screen: when the two reads disagree (someone acted in
  // between), the older one is read again and the buttons wait for it.
  const shownVersion = dossier.data?.version;
  const actionsVersion = actions.data?.version;
  const inStep = shownVersion !== undefined && actionsVersion === shownVersion;
  useEffect(() => {
    if (shownVersion === undefined || actionsVersion === undefined || actionsVersion === shownVersion) return;
    if (actionsVersion > shownVersion) void dossier.refetch();
    else void actions.refetch();
  }, [shownVersion, actionsVersion]); // eslint-disable-line react-hooks/exhaustive-deps

  if (dossier.isLoading) return <PageSpinner />;
  if (dossier.isError) {
    const status = dossier.error instanceof ApiError ? dossier.error.status : 0;
    return (
      <ProblemAlert
        error={dossier.error}
        title={status === 404 || status === 403 ? t('dossier.notFound') : undefined}
        onRetry={status >= 500 || status === 0 ? () => void dossier.refetch() : undefined}
      />
    );
  }
  const d = dossier.data;
  if (!d) return null;
  const officer = isOfficer(session.data?.user);
  const desk = isDesk(session.data?.user);
  const fileUrl = (f: DossierFile) => apiUrl(`/dossiers/${encodeURIComponent(d.id)}/files/${encodeURIComponent(f.id)}`);
  const remaining = typeof d.deadline?.remainingMinutes === 'number' ? d.deadline.remainingMinutes : null;
  const events$ = [...(events.data?.items ?? [])].sort((a, b) => a.at.localeCompare(b.at));

  const summary = [
    { key: 'code', label: t('dossier.code'), children: <Typography.Text strong copyable={!!d.code}>{d.code ?? t('dossier.noCode')}</Typography.Text> },
    {
      key: 'procedure',
      label: t('dossier.procedure'),
      span: 'filled' as const,
      children: <Link to={`/thu-tuc/${encodeURIComponent(d.procedureCode)}`}>{d.procedureName}</Link>,
    },
    { key: 'unit', label: t('dossier.unit'), span: 'filled' as const, children: d.unitName },
    { key: 'submitted', label: t('dossier.submittedAt'), children: formatDateTime(d.submittedAt) },
    { key: 'received', label: t('dossier.receivedAt'), children: formatDateTime(d.receivedAt) },
    {
      key: 'due',
      label: t('dossier.dueAt'),
      children: (
        <>
          <Space size={4} wrap>
            <span data-testid="dossier-due-at">{formatDateTime(d.dueAt)}</span>
            <DeadlineTag state={d.deadline?.state} />
            {remaining !== null && (
              <Typography.Text
                type={remaining < 0 ? 'danger' : undefined}
                strong
                title={t('deadline.workingTimeNote')}
                data-testid="deadline-remaining"
                data-minutes={remaining}
              >
                {formatRemaining(t, remaining)}
              </Typography.Text>
            )}
          </Space>
          {d.originalDueAt && (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 13 }} data-testid="original-due-at">
                {t('dossier.originalDueAt', { date: formatDateTime(d.originalDueAt) })}
              </Typography.Text>
            </div>
          )}
        </>
      ),
    },
    {
      key: 'step',
      label: t('dossier.step'),
      children: (
        <Space size={4} wrap>
          <span>{d.step?.name ?? '—'}</span>
          {d.step?.dueAt && (
            <Typography.Text type="secondary" data-testid="step-due-at">
              ({t('dossier.stepDue', { date: formatDateTime(d.step.dueAt) })})
            </Typography.Text>
          )}
        </Space>
      ),
    },
    ...(d.completedAt ? [{ key: 'completed', label: t('dossier.completedAt'), children: formatDateTime(d.completedAt) }] : []),
    ...(d.returnedAt ? [{ key: 'returned', label: t('dossier.returnedAt'), children: formatDateTime(d.returnedAt) }] : []),
    ...(d.channel ? [{ key: 'channel', label: t('dossier.channel'), children: t(`channel.${d.channel}`, { defaultValue: d.channel }) }] : []),
    ...(d.returnPlace ? [{ key: 'returnPlace', label: t('desk.returnPlace'), children: d.returnPlace }] : []),
    ...(d.returnMethod
      ? [
          {
            key: 'returnMethod',
            label: t('returnMethod.label'),
            children: [t(`returnMethod.${d.returnMethod}`, { defaultValue: d.returnMethod }), d.recipientName].filter(Boolean).join(' — '),
          },
        ]
      : []),
  ];

  const a = d.applicant;
  const applicantItems = a
    ? [
        { key: 'name', label: t('dossier.fullName'), children: a.fullName ?? '—' },
        { key: 'id', label: t('dossier.idNumber'), children: a.idNumber ?? '—' },
        { key: 'phone', label: t('dossier.phone'), children: a.phone ?? '—' },
        { key: 'email', label: t('dossier.email'), children: a.email ?? '—' },
        { key: 'address', label: t('dossier.address'), span: 'filled' as const, children: a.address ?? '—' },
        ...(d.authorised
          ? [
              {
                key: 'authorised',
                label: t('desk.authorisedTitle'),
                span: 'filled' as const,
                children: (
                  <span data-testid="dossier-authorised">
                    {[d.authorised.fullName, d.authorised.idNumber, d.authorised.phone, d.authorised.document].filter(Boolean).join(' · ')}
                  </span>
                ),
              },
            ]
          : []),
      ]
    : [];

  return (
    <>
      <Breadcrumb
        style={{ marginBottom: 12 }}
        items={[
          officer ? { title: <Link to="/xu-ly">{t('nav.inbox')}</Link> } : { title: <Link to="/ho-so-cua-toi">{t('nav.myDossiers')}</Link> },
          { title: d.code ?? d.id },
        ]}
      />
      <Card style={{ marginBottom: 16 }}>
        <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="dossier-title">
            {t('dossier.title', { code: d.code ?? '' })}
          </Typography.Title>
          <Space size={8} wrap>
            {officer && <DossierForms dossierId={d.id} />}
            <StatusTag status={d.status} />
          </Space>
        </Flex>
        <Descriptions size="small" bordered column={{ xs: 1, sm: 1, md: 2 }} items={summary} />
        {actions.isError && (
          <div style={{ marginTop: 12 }}>
            <ProblemAlert error={actions.error} onRetry={() => void actions.refetch()} />
          </div>
        )}
        {inStep && (actions.data?.items.length ?? 0) > 0 && (
          <div style={{ marginTop: 16 }}>
            <Typography.Title level={5} style={{ marginTop: 0 }}>
              {t('dossier.actions')}
            </Typography.Title>
            <DossierActions dossier={d} actions={actions.data?.items ?? []} />
          </div>
        )}
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={15}>
          <ResultCard dossier={d} user={session.data?.user} officer={officer} />
          {a && (
            <Card size="small" title={t('dossier.applicant')} style={{ marginBottom: 16 }}>
              <Descriptions size="small" bordered column={{ xs: 1, sm: 1, md: 2 }} items={applicantItems} />
            </Card>
          )}
          {(desk || (d.fees?.length ?? 0) > 0) && (
            <FeesCard dossierId={d.id} fees={d.fees ?? []} procedureFees={procedure.data?.fees ?? []} canAdd={desk} />
          )}
          <Card size="small" title={t('dossier.formData')} style={{ marginBottom: 16 }}>
            <FormDataView data={d.formData} schema={(procedure.data?.formSchema as Record<string, unknown> | null) ?? null} />
          </Card>
          <Card size="small" title={t('dossier.files')} style={{ marginBottom: 16 }}>
            {d.files.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dossier.noFiles')} />
            ) : (
              <Table<DossierFile>
                size="small"
                rowKey="id"
                pagination={false}
                dataSource={d.files}
                scroll={{ x: 480 }}
                data-testid="dossier-files"
                columns={[
                  {
                    title: t('dossier.fileName'),
                    dataIndex: 'name',
                    render: (name: string, f) => (
                      <a href={fileUrl(f)} target="_blank" rel="noreferrer" download={name} data-testid="dossier-file">
                        <FileOutlined /> {f.label ? `${f.label}: ` : ''}
                        {name}
                      </a>
                    ),
                  },
                  { title: t('dossier.fileSize'), dataIndex: 'size', width: 100, render: (v: number) => formatSize(v) },
                  { title: t('dossier.uploadedAt'), dataIndex: 'createdAt', width: 150, render: (v: string) => formatDateTime(v) },
                ]}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={9}>
          <Card size="small" title={t('dossier.timeline')}>
            {events.isLoading ? (
              <PageSpinner />
            ) : events.isError ? (
              <ProblemAlert error={events.error} onRetry={() => void events.refetch()} />
            ) : (
              <DossierTimeline events={events$} stepNames={d.step ? { [d.step.key]: d.step.name } : {}} />
            )}
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t('process.title')} style={{ marginTop: 16 }} data-testid="process-card">
        <Suspense fallback={<PageSpinner />}>
          <ProcessDiagram dossierId={d.id} status={d.status} formSchema={procedure.data?.formSchema} officer={officer} />
        </Suspense>
      </Card>
    </>
  );
}
