import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Flex, Result, Table, Tag, Typography } from 'antd';
import { CheckCircleOutlined, FolderOpenOutlined, PlusOutlined, PrinterOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client';
import type { DeskDecision, StoredDocument } from '../../api/types';
import { ProblemAlert } from '../../components/ProblemAlert';
import { dossierFormUrl, reuseDossierFile, useDossierStore } from '../../dossier/api';
import { formatDate, formatDateTime, formatMoney } from '../../lib/format';
import { failures } from '../../lib/steps';
import { sameDocName } from '../../lib/text';
import type { WalkInOutcome } from './useReceiveWalkIn';

/** A reception that created its dossier: the decision, what each step did, and the checklist's names. */
export interface ReceptionOutcome {
  decision: DeskDecision;
  walkIn: WalkInOutcome;
  /** The checklist's document names (a reused document is labelled with the one it matches). */
  checklist: string[];
}

/** The receipt after a decision: code and due date in large type, print buttons. */
export function ReceptionResult({ outcome, onNew }: { outcome: ReceptionOutcome; onNew: () => void }) {
  const { t } = useTranslation();
  const { decision, walkIn } = outcome;
  const d = walkIn.dossier;
  // Later steps that failed on their own: the dossier stands; the officer sees what to do again.
  const failedUploads = [
    ...failures(walkIn.uploads),
    ...(walkIn.consent && !walkIn.consent.ok ? [{ name: t('desk.storeTitle'), message: walkIn.consent.message }] : []),
  ];
  const formNo = decision === 'accept' ? '01' : decision === 'supplement' ? '02' : '03';

  // N (outside text fields) starts the next applicant.
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      const target = e.target as HTMLElement | null;
      if (target && ['INPUT', 'TEXTAREA'].includes(target.tagName)) return;
      if ((e.key === 'n' || e.key === 'N') && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        onNew();
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onNew]);

  return (
    <div data-testid="desk-reception">
      <Result
        data-testid="desk-result"
        status={decision === 'accept' ? 'success' : decision === 'supplement' ? 'warning' : 'error'}
        title={t(`desk.result.${decision}`)}
        subTitle={
          <Flex vertical gap={12} align="center" style={{ marginTop: 8 }}>
            <Typography.Text>
              {d.procedureName} — {d.applicant?.fullName ?? ''}
            </Typography.Text>
            {d.code && (
              <div>
                <div style={{ color: '#555' }}>{t('dossier.code')}</div>
                <Typography.Text
                  strong
                  copyable={{ text: d.code }}
                  data-testid="desk-code"
                  data-dossier-id={d.id}
                  style={{ fontSize: 40, fontFamily: 'monospace', letterSpacing: 1, color: '#0b5cad' }}
                >
                  {d.code}
                </Typography.Text>
              </div>
            )}
            {d.dueAt && (
              <div>
                <div style={{ color: '#555' }}>{t('dossier.dueAt')}</div>
                <Typography.Text strong data-testid="desk-due" style={{ fontSize: 28, color: '#b71c1c' }}>
                  {formatDateTime(d.dueAt)}
                </Typography.Text>
              </div>
            )}
            {!d.code && <Typography.Text type="secondary">{t(`desk.resultHint.${decision}`)}</Typography.Text>}
            {(d.fees ?? []).length > 0 && (
              <Typography.Text type="secondary">
                {t('desk.feesCollected', { amount: formatMoney((d.fees ?? []).reduce((s, f) => s + (f.amount ?? 0), 0)) })}
              </Typography.Text>
            )}
            {failedUploads.map((f) => (
              <Alert key={f.name} type="warning" showIcon title={t('apply.uploadFailed', { name: f.name, message: f.message })} />
            ))}
            {walkIn.consent?.ok && <StoreReuse dossierId={d.id} checklist={outcome.checklist} />}
          </Flex>
        }
        extra={
          <Flex wrap gap={8} justify="center">
            <Button
              type="primary"
              size="large"
              icon={<PrinterOutlined />}
              href={dossierFormUrl(d.id, formNo)}
              target="_blank"
              rel="noreferrer"
              autoFocus
              data-testid={`desk-print-${formNo}`}
            >
              {t(`desk.print${formNo}`)}
            </Button>
            <Button size="large" icon={<PlusOutlined />} onClick={onNew} data-testid="desk-new">
              {t('desk.newReception')}
            </Button>
            <Link to={`/ho-so/${encodeURIComponent(d.id)}`}>
              <Button size="large" data-testid="desk-view">
                {t('apply.view')}
              </Button>
            </Link>
          </Flex>
        }
      />
    </div>
  );
}

/**
 * The applicant's stored documents, offered once their consent is recorded for this dossier: each can be
 * attached without scanning it again (labelled with the checklist row of the same name, if any).
 */
function StoreReuse({ dossierId, checklist }: { dossierId: string; checklist: string[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const store = useDossierStore(dossierId);
  const [attached, setAttached] = useState<Record<string, boolean>>({});
  const [busy, setBusy] = useState<string | null>(null);

  async function attach(doc: StoredDocument) {
    setBusy(doc.id);
    try {
      await reuseDossierFile(dossierId, doc.id, checklist.find((name) => sameDocName(doc.name, name)) ?? doc.name);
      setAttached((prev) => ({ ...prev, [doc.id]: true }));
    } catch (err) {
      message.error(errorMessage(err, t('common.error')));
    } finally {
      setBusy(null);
    }
  }

  return (
    <Card size="small" title={t('desk.storeTitle')} style={{ width: '100%', maxWidth: 640, textAlign: 'left' }} data-testid="desk-store">
      {store.isError && <ProblemAlert error={store.error} onRetry={() => void store.refetch()} />}
      <Table<StoredDocument>
        size="small"
        rowKey="id"
        pagination={false}
        loading={store.isLoading}
        dataSource={store.data?.items ?? []}
        locale={{ emptyText: t('desk.storeEmpty') }}
        columns={[
          { title: t('procedure.docName'), dataIndex: 'name', key: 'name' },
          { title: t('desk.storeDate'), key: 'createdAt', width: 130, render: (_, doc) => formatDate(doc.createdAt) },
          {
            key: 'reuse',
            width: 150,
            render: (_, doc) =>
              attached[doc.id] ? (
                <Tag color="success" icon={<CheckCircleOutlined />}>
                  {t('desk.storeAttached')}
                </Tag>
              ) : (
                <Button
                  size="small"
                  icon={<FolderOpenOutlined />}
                  loading={busy === doc.id}
                  onClick={() => void attach(doc)}
                  data-testid={`desk-store-reuse-${doc.id}`}
                >
                  {t('desk.reuse')}
                </Button>
              ),
          },
        ]}
      />
    </Card>
  );
}
