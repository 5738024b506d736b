import { useEffect, useMemo, useRef, useState } from 'react';
import { App, Breadcrumb, Flex, Form, Typography } from 'antd';
import type { ButtonProps } from 'antd';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../account/api';
import { ApiError, errorMessage } from '../../api/client';
import type { DeskDecision } from '../../api/types';
import { useProcedure } from '../../catalog/api';
import { ProblemAlert } from '../../components/ProblemAlert';
import { pathSegments } from '../../lib/eform';
import { deskUnits } from '../../lib/roles';
import { ApplicantCard } from './ApplicantCard';
import { ChecklistCard, type ScansByRow } from './ChecklistCard';
import { DecisionCard } from './DecisionCard';
import { fieldForErrorPath, missingDocuments, toDeskInput, type DocRow, type ReceptionValues } from './form';
import { FeesSection } from './FeesSection';
import { ProcedureCard } from './ProcedureCard';
import { ReceptionResult, type ReceptionOutcome } from './ReceptionResult';
import { useApplicantLookup } from './useApplicantLookup';
import { useReceiveWalkIn } from './useReceiveWalkIn';

/**
 * Direct reception at the one-stop desk: applicant, procedure, checklist and fees, decision, receipt. The
 * page holds the form and the steps' cards; sending it is `useReceiveWalkIn`.
 */
export default function ReceptionPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const session = useSession();
  const myUnits = useMemo(() => deskUnits(session.data?.user), [session.data]);
  const [form] = Form.useForm<ReceptionValues>();
  const [commentForm] = Form.useForm<{ comment: string }>();
  const applicant = useApplicantLookup(form);
  const walkIn = useReceiveWalkIn();

  const [docFiles, setDocFiles] = useState<ScansByRow>({});
  const [pendingDecision, setPendingDecision] = useState<DeskDecision | null>(null);
  const [submitting, setSubmitting] = useState<DeskDecision | null>(null);
  const [serverError, setServerError] = useState<unknown>(null);
  const [outcome, setOutcome] = useState<ReceptionOutcome | null>(null);
  /** Bumped for each new applicant: the cards with their own state (procedure search) start afresh. */
  const [round, setRound] = useState(0);
  const loadedFor = useRef<string | null>(null);

  const procedureCode = Form.useWatch('procedureCode', form);
  // preserve: names and counts are values without a Form.Item of their own.
  const documents = Form.useWatch('documents', { form, preserve: true }) as DocRow[] | undefined;
  const procedure = useProcedure(procedureCode);
  const p = procedure.data && procedure.data.code === procedureCode ? procedure.data : undefined;
  const missingDocs = missingDocuments(documents);

  // Fill the checklist, fees and competent unit once the chosen procedure has loaded.
  useEffect(() => {
    if (!p || loadedFor.current === p.code) return;
    loadedFor.current = p.code;
    const own = p.units.find((u) => myUnits.some((m) => m.id === u.id));
    form.setFieldsValue({
      documents: p.documents.map((d) => ({ name: d.name, originals: d.originals ?? 0, copies: d.copies ?? 0, provided: false })),
      fees: p.fees.filter((f) => (f.amount ?? 0) > 0).map((f) => ({ name: f.name, amount: f.amount, receiptNumber: '' })),
      unitId: p.units.length === 1 ? p.units[0].id : own?.id,
    });
    setDocFiles({});
  }, [p, form, myUnits]);

  /** First step of a decision: check the form, then confirm (accept) or ask for the items / reason. */
  async function onDecision(decision: DeskDecision) {
    if (submitting) return;
    setServerError(null);
    try {
      await form.validateFields({ recursive: true });
    } catch (err) {
      // Fees (and their receipt numbers) only matter when the dossier is accepted.
      const info = err as { errorFields?: { name: (string | number)[] }[] };
      const relevant = (info.errorFields ?? []).filter((f) => decision === 'accept' || f.name[0] !== 'fees');
      if (relevant.length > 0) {
        form.scrollToField(relevant[0].name, { block: 'center', focus: true });
        message.error(t('desk.fixErrors'));
        return;
      }
    }
    if (decision === 'accept') {
      const missing = missingDocuments(form.getFieldValue('documents') as DocRow[] | undefined);
      if (missing.length > 0) {
        modal.confirm({
          title: t('desk.missingTitle', { count: missing.length }),
          content: (
            <ul style={{ paddingInlineStart: 20, margin: 0 }}>
              {missing.map((name) => (
                <li key={name}>{name}</li>
              ))}
            </ul>
          ),
          okText: t('desk.accept'),
          cancelText: t('common.cancel'),
          okButtonProps: { 'data-testid': 'desk-missing-confirm' } as ButtonProps,
          onOk: () => submit('accept'),
        });
        return;
      }
      await submit('accept');
      return;
    }
    commentForm.setFieldsValue({ comment: decision === 'supplement' ? missingDocs.join('\n') : '' });
    setPendingDecision(decision);
  }

  // Ctrl+Enter (⌘+Enter) receives the dossier from anywhere on the page.
  const acceptRef = useRef<() => void>(() => undefined);
  useEffect(() => {
    acceptRef.current = () => {
      if (!outcome && !pendingDecision) void onDecision('accept');
    };
  });
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        acceptRef.current();
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  /** Sends the reception; true once the dossier exists (whatever became of the scans and the consent). */
  async function submit(decision: DeskDecision, comment?: string): Promise<boolean> {
    const v = form.getFieldsValue(true) as ReceptionValues;
    const scans = Object.entries(docFiles).flatMap(([index, files]) =>
      files.flatMap((f) => (f.originFileObj ? [{ file: f.originFileObj as File, label: v.documents?.[Number(index)]?.name }] : [])),
    );
    setSubmitting(decision);
    setServerError(null);
    try {
      const result = await walkIn.receive(toDeskInput(v, decision, comment, t('desk.returnPlaceDefault')), scans, applicant.storeConsent);
      setPendingDecision(null);
      setOutcome({ decision, walkIn: result, checklist: (v.documents ?? []).map((d) => d.name) });
      window.scrollTo({ top: 0 });
      return true;
    } catch (err) {
      setServerError(err);
      if (err instanceof ApiError && err.problem.errors?.length) {
        const fields = err.problem.errors
          .map((e) => ({ name: fieldForErrorPath(e.path ?? ''), errors: [e.message] }))
          .filter((f): f is { name: (string | number)[]; errors: string[] } => f.name !== null);
        if (fields.length) form.setFields(fields as Parameters<typeof form.setFields>[0]);
        const commentErr = err.problem.errors.find((e) => pathSegments(e.path ?? '')[0] === 'comment');
        if (commentErr && decision !== 'accept') {
          commentForm.setFields([{ name: 'comment', errors: [commentErr.message] }]);
          return false;
        }
        if (fields.length) form.scrollToField(fields[0].name, { block: 'center' });
      }
      message.error(errorMessage(err, t('common.error')), 6);
      return false;
    } finally {
      setSubmitting(null);
    }
  }

  function reset() {
    form.resetFields();
    commentForm.resetFields();
    loadedFor.current = null;
    applicant.changed();
    setRound((r) => r + 1);
    setDocFiles({});
    setServerError(null);
    setPendingDecision(null);
    setOutcome(null);
    window.scrollTo({ top: 0 });
    setTimeout(() => applicant.idRef.current?.focus(), 0);
  }

  if (outcome) return <ReceptionResult outcome={outcome} onNew={reset} />;

  const busy = submitting !== null;

  return (
    <div data-testid="desk-reception">
      <Breadcrumb style={{ marginBottom: 12 }} items={[{ title: <Link to="/xu-ly">{t('nav.inbox')}</Link> }, { title: t('desk.title') }]} />
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 16 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('desk.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('desk.shortcutHint')}</Typography.Text>
      </Flex>

      <Form<ReceptionValues>
        form={form}
        layout="vertical"
        requiredMark
        disabled={busy}
        initialValues={{
          idType: 'personal',
          hasAuthorised: false,
          documents: [],
          sets: 1,
          returnPlace: t('desk.returnPlaceDefault'),
          fees: [],
          receivingUnitId: myUnits[0]?.id,
        }}
        onFinish={() => undefined}
      >
        <ApplicantCard form={form} applicant={applicant} />
        <ProcedureCard key={round} form={form} procedure={procedure} myUnits={myUnits} busy={busy} />
        <ChecklistCard form={form} p={p} busy={busy} docFiles={docFiles} setDocFiles={setDocFiles}>
          {p && <FeesSection form={form} p={p} />}
        </ChecklistCard>
      </Form>

      {serverError !== null && (
        <div style={{ marginBottom: 16 }}>
          <ProblemAlert error={serverError} />
        </div>
      )}

      <DecisionCard
        submitting={submitting}
        missingCount={missingDocs.length}
        pendingDecision={pendingDecision}
        commentForm={commentForm}
        onDecision={onDecision}
        onSubmit={submit}
        onCancel={() => setPendingDecision(null)}
      />
    </div>
  );
}
