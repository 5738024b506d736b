import { useEffect, useMemo, useRef, useState } from 'react';
import {
  Alert,
  App,
  AutoComplete,
  Breadcrumb,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Result,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import type { ButtonProps, InputRef, UploadFile } from 'antd';
import {
  CheckCircleOutlined,
  CloseCircleOutlined,
  DeleteOutlined,
  EditOutlined,
  FolderOpenOutlined,
  PaperClipOutlined,
  PlusOutlined,
  PrinterOutlined,
  SearchOutlined,
} from '@ant-design/icons';
import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { attachmentBeforeUpload } from '../lib/upload-check';
import { ApiError, errorMessage } from '../api/client';
import { useSession } from '../account/api';
import { useProcedure, useProcedures } from '../catalog/api';
import { lookupPerson, useCreateDeskDossier } from './api';
import { dossierFormUrl, reuseDossierFile, uploadDossierFile, useDossierStore, recordStoreConsent } from '../dossier/api';
import type { DeskDecision, DeskDossierInput, Dossier, IdType, StoredDocument } from '../api/types';
import { ProblemAlert } from '../components/ProblemAlert';
import { pathSegments } from '../lib/eform';
import { formatDate, formatDateTime, formatMoney } from '../lib/format';
import { idNumberProblem, normaliseIdNumber } from '../lib/idnumber';
import { deskUnits } from '../lib/roles';
import { sameDocName } from '../lib/text';
import { useDebounced } from '../lib/useDebounced';
import { validatedValues } from '../lib/form';

const PHONE_RE = /^(\+84|0)[\d\s.-]{8,12}$/;
const BIRTH_FORMATS = ['DD/MM/YYYY', 'D/M/YYYY', 'DDMMYYYY', 'DD-MM-YYYY', 'DD.MM.YYYY'];

interface DocRow {
  name: string;
  originals: number;
  copies: number;
  provided: boolean;
}

interface FeeRow {
  name: string;
  amount: number | null;
  receiptNumber?: string;
}

interface Values {
  idType: IdType;
  idNumber: string;
  fullName: string;
  birthDate?: Dayjs | null;
  address?: string;
  phone?: string;
  email?: string;
  hasAuthorised?: boolean;
  authorised?: { fullName?: string; idNumber?: string; phone?: string; address?: string; document?: string };
  receivingUnitId?: string;
  procedureCode?: string;
  unitId?: string;
  documents: DocRow[];
  sets: number;
  returnPlace: string;
  fees: FeeRow[];
}

type LookupState = 'idle' | 'loading' | 'found' | 'new';

interface Outcome {
  decision: DeskDecision;
  dossier: Dossier;
  failedUploads: { name: string; message: string }[];
  /** The applicant's consent to reuse their stored documents was recorded for this dossier. */
  consented: boolean;
  /** The checklist's document names (a reused document is labelled with the one it matches). */
  checklist: string[];
}

const TOP_LEVEL = new Set(['procedureCode', 'unitId', 'receivingUnitId', 'sets', 'returnPlace']);

/** Form field name for a problem+json error path of POST /desk/dossiers, or null ("comment" is separate). */
function fieldFor(path: string): (string | number)[] | null {
  const segs = pathSegments(path);
  if (segs[0] === 'applicant' && segs[1]) return [segs[1]];
  if (segs[0] === 'authorised' && segs[1]) return ['authorised', segs[1]];
  if ((segs[0] === 'fees' || segs[0] === 'documents') && segs[1] !== undefined && segs[2]) {
    const field = segs[0] === 'documents' ? 'provided' : segs[2];
    return [segs[0], Number(segs[1]), field];
  }
  if (TOP_LEVEL.has(segs[0])) return [segs[0]];
  return null;
}

/** Direct reception at the one-stop desk: applicant, procedure, documents, fees, decision, receipt. */
export default function ReceptionPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const session = useSession();
  const myUnits = useMemo(() => deskUnits(session.data?.user), [session.data]);
  const [form] = Form.useForm<Values>();
  const [commentForm] = Form.useForm<{ comment: string }>();
  const create = useCreateDeskDossier();

  const [lookup, setLookup] = useState<LookupState>('idle');
  const [procQ, setProcQ] = useState('');
  const debouncedQ = useDebounced(procQ.trim(), 300);
  const [procLabel, setProcLabel] = useState<{ value: string; label: string } | null>(null);
  const [docFiles, setDocFiles] = useState<Record<number, UploadFile[]>>({});
  /** The known applicant, present, agrees that their stored documents are used for this dossier. */
  const [storeConsent, setStoreConsent] = useState(false);
  const [pendingDecision, setPendingDecision] = useState<DeskDecision | null>(null);
  const [submitting, setSubmitting] = useState<DeskDecision | null>(null);
  const [serverError, setServerError] = useState<unknown>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const idRef = useRef<InputRef>(null);
  const nameRef = useRef<InputRef>(null);
  const loadedFor = useRef<string | null>(null);

  const idType = Form.useWatch('idType', form) ?? 'personal';
  const hasAuthorised = Form.useWatch('hasAuthorised', form) ?? false;
  const procedureCode = Form.useWatch('procedureCode', form);
  const unitId = Form.useWatch('unitId', form);
  // preserve: names and counts are values without a Form.Item of their own.
  const documents = Form.useWatch('documents', { form, preserve: true }) as DocRow[] | undefined;

  const procedures = useProcedures({ q: debouncedQ || undefined, limit: 20 });
  const procedure = useProcedure(procedureCode);
  const p = procedure.data && procedure.data.code === procedureCode ? procedure.data : undefined;
  const units = p?.units ?? [];
  /** Forget the known applicant (the ID number changed or a new lookup starts). */
  function forgetPerson() {
    setStoreConsent(false);
  }

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

  const procOptions = useMemo(() => {
    const list = (procedures.data?.items ?? []).map((x) => ({ value: x.code, label: `${x.code} — ${x.name}` }));
    if (procLabel && !list.some((o) => o.value === procLabel.value)) list.unshift(procLabel);
    return list;
  }, [procedures.data, procLabel]);

  const idRule = (type: IdType) => ({
    validator: (_: unknown, value: string | undefined) => {
      const problem = idNumberProblem(type, value ?? '');
      return problem ? Promise.reject(new Error(t(problem))) : Promise.resolve();
    },
  });

  async function onLookup() {
    const type = form.getFieldValue('idType') as IdType;
    const raw = form.getFieldValue('idNumber') as string | undefined;
    try {
      await form.validateFields(['idNumber']);
    } catch {
      idRef.current?.focus();
      return;
    }
    const idNumber = normaliseIdNumber(raw);
    form.setFieldValue('idNumber', idNumber);
    setLookup('loading');
    forgetPerson();
    try {
      const person = await lookupPerson(type, idNumber);
      if (person) {
        form.setFieldsValue({
          fullName: person.fullName,
          birthDate: person.birthDate && dayjs(person.birthDate).isValid() ? dayjs(person.birthDate) : null,
          address: person.address ?? undefined,
          phone: person.phone ?? undefined,
          email: person.email ?? undefined,
        });
        setLookup('found');
      } else {
        form.setFieldsValue({ fullName: '', birthDate: null, address: undefined, phone: undefined, email: undefined });
        setLookup('new');
        setTimeout(() => nameRef.current?.focus(), 0);
      }
    } catch (err) {
      setLookup('idle');
      if (err instanceof ApiError && (err.status === 422 || err.status === 400)) {
        form.setFields([{ name: 'idNumber', errors: [errorMessage(err)] }]);
      } else {
        message.error(errorMessage(err, t('common.error')));
      }
    }
  }

  const beforeUpload = attachmentBeforeUpload(t, (text) => message.error(text));

  const missingDocs = (documents ?? []).filter((d) => d && !d.provided).map((d) => d.name);

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
        const missing = ((form.getFieldValue('documents') as DocRow[] | undefined) ?? []).filter((d) => !d.provided);
        if (missing.length > 0) {
          modal.confirm({
            title: t('desk.missingTitle', { count: missing.length }),
            content: (
              <ul style={{ paddingInlineStart: 20, margin: 0 }}>
                {missing.map((d) => (
                  <li key={d.name}>{d.name}</li>
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

  async function submit(decision: DeskDecision, comment?: string): Promise<boolean> {
    const v = form.getFieldsValue(true) as Values;
    const trimmed = (s?: string | null) => (s ?? '').trim() || undefined;
    const body: DeskDossierInput = {
      procedureCode: v.procedureCode ?? '',
      unitId: v.unitId ?? '',
      ...(v.receivingUnitId ? { receivingUnitId: v.receivingUnitId } : {}),
      applicant: {
        idType: v.idType,
        idNumber: normaliseIdNumber(v.idNumber),
        fullName: (v.fullName ?? '').trim(),
        ...(v.idType === 'personal' && v.birthDate ? { birthDate: v.birthDate.format('YYYY-MM-DD') } : {}),
        ...(trimmed(v.address) ? { address: trimmed(v.address) } : {}),
        ...(trimmed(v.phone) ? { phone: v.phone!.replace(/[\s.-]/g, '') } : {}),
        ...(trimmed(v.email) ? { email: trimmed(v.email) } : {}),
      },
      authorised: v.hasAuthorised
        ? {
            fullName: (v.authorised?.fullName ?? '').trim(),
            idNumber: normaliseIdNumber(v.authorised?.idNumber),
            document: (v.authorised?.document ?? '').trim(),
            ...(trimmed(v.authorised?.address) ? { address: trimmed(v.authorised?.address) } : {}),
            ...(trimmed(v.authorised?.phone) ? { phone: v.authorised!.phone!.replace(/[\s.-]/g, '') } : {}),
          }
        : null,
      documents: (v.documents ?? []).map((d) => ({ name: d.name, originals: d.originals ?? 0, copies: d.copies ?? 0, provided: !!d.provided })),
      sets: v.sets || 1,
      returnPlace: (v.returnPlace ?? '').trim() || t('desk.returnPlaceDefault'),
      decision,
      ...(decision === 'accept'
        ? {
            fees: (v.fees ?? [])
              .filter((f) => f && (f.amount ?? 0) > 0)
              .map((f) => ({ name: f.name.trim(), amount: f.amount ?? 0, receiptNumber: (f.receiptNumber ?? '').trim() })),
          }
        : {}),
      ...(comment?.trim() ? { comment: comment.trim() } : {}),
    };
    setSubmitting(decision);
    setServerError(null);
    let dossier: Dossier;
    try {
      dossier = await create.mutateAsync(body);
    } catch (err) {
      setSubmitting(null);
      setServerError(err);
      if (err instanceof ApiError && err.problem.errors?.length) {
        const fields = err.problem.errors
          .map((e) => ({ name: fieldFor(e.path ?? ''), errors: [e.message] }))
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
    }
    const failedUploads: Outcome['failedUploads'] = [];
    for (const [index, files] of Object.entries(docFiles)) {
      const label = v.documents?.[Number(index)]?.name;
      for (const f of files) {
        if (!f.originFileObj) continue;
        try {
          await uploadDossierFile(dossier.id, f.originFileObj as File, label);
        } catch (err) {
          failedUploads.push({ name: f.name, message: errorMessage(err) });
        }
      }
    }
    // The applicant's consent is recorded on the dossier (an event, audited) before their store is offered.
    let consented = false;
    if (storeConsent && decision !== 'reject') {
      try {
        await recordStoreConsent(dossier.id);
        consented = true;
      } catch (err) {
        failedUploads.push({ name: t('desk.storeTitle'), message: errorMessage(err) });
      }
    }
    setSubmitting(null);
    setPendingDecision(null);
    setOutcome({ decision, dossier, failedUploads, consented, checklist: (v.documents ?? []).map((d) => d.name) });
    window.scrollTo({ top: 0 });
    return true;
  }

  function reset() {
    form.resetFields();
    commentForm.resetFields();
    loadedFor.current = null;
    setLookup('idle');
    setProcQ('');
    setProcLabel(null);
    setDocFiles({});
    forgetPerson();
    setServerError(null);
    setPendingDecision(null);
    setOutcome(null);
    window.scrollTo({ top: 0 });
    setTimeout(() => idRef.current?.focus(), 0);
  }

  if (outcome) return <ReceptionResult outcome={outcome} onNew={reset} />;

  const otherUnit = !!unitId && myUnits.length > 0 && !myUnits.some((u) => u.id === unitId);
  const busy = submitting !== null;
  const personal = idType === 'personal';

  return (
    <div data-testid="desk-reception">
      <Breadcrumb style={{ marginBottom: 12 }} items={[{ title: <Link to="/xu-ly">{t('nav.inbox')}</Link> }, { title: t('desk.title') }]} />
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 16 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('desk.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('desk.shortcutHint')}</Typography.Text>
      </Flex>

      <Form<Values>
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
        <Card size="small" title={t('desk.stepApplicant')} style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item name="idType" label={t('desk.idType')}>
                <Radio.Group
                  data-testid="desk-id-type"
                  optionType="button"
                  buttonStyle="solid"
                  onChange={() => {
                    setLookup('idle');
                    forgetPerson();
                    if (form.getFieldValue('idNumber')) void form.validateFields(['idNumber']).catch(() => undefined);
                  }}
                  options={[
                    { value: 'personal', label: t('desk.personal') },
                    { value: 'organisation', label: t('desk.organisation') },
                  ]}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={16}>
              <Form.Item
                label={personal ? t('desk.idNumberPersonal') : t('desk.idNumberOrganisation')}
                required
                extra={personal ? t('desk.idPersonalRule') : t('desk.idOrganisationRule')}
              >
                <Space.Compact style={{ width: '100%' }}>
                  <Form.Item name="idNumber" noStyle rules={[idRule(idType)]} validateTrigger="onBlur">
                    <Input
                      ref={idRef}
                      autoFocus
                      inputMode="numeric"
                      autoComplete="off"
                      size="large"
                      maxLength={16}
                      data-testid="desk-id-number"
                      placeholder={personal ? '0xx xxx xxx xxx' : t('desk.idOrganisationPlaceholder')}
                      onChange={() => {
                        if (lookup !== 'idle') setLookup('idle');
                        forgetPerson();
                      }}
                      onPressEnter={(e) => {
                        e.preventDefault();
                        void onLookup();
                      }}
                      style={{ fontFamily: 'monospace', letterSpacing: 1 }}
                    />
                  </Form.Item>
                  <Button
                    size="large"
                    icon={<SearchOutlined />}
                    loading={lookup === 'loading'}
                    onClick={() => void onLookup()}
                    data-testid="desk-lookup"
                  >
                    {t('desk.lookup')}
                  </Button>
                </Space.Compact>
              </Form.Item>
            </Col>
          </Row>
          {lookup === 'found' && (
            <div style={{ marginBottom: 12 }}>
              <Tag color="success" icon={<CheckCircleOutlined />} data-testid="desk-person-found">
                {t('desk.found')}
              </Tag>
              <Typography.Text type="secondary">{t('desk.foundHint')}</Typography.Text>
              <div style={{ marginTop: 8 }}>
                <Checkbox checked={storeConsent} onChange={(e) => setStoreConsent(e.target.checked)} data-testid="desk-store-consent">
                  {t('desk.storeConsent')}
                </Checkbox>
                <div>
                  <Typography.Text type="secondary">{t('desk.storeConsentHint')}</Typography.Text>
                </div>
              </div>
            </div>
          )}
          {lookup === 'new' && (
            <div style={{ marginBottom: 12 }}>
              <Tag color="blue" icon={<EditOutlined />} data-testid="desk-person-new">
                {t('desk.notFound')}
              </Tag>
              <Typography.Text type="secondary">{t('desk.notFoundHint')}</Typography.Text>
            </div>
          )}
          <Row gutter={16}>
            <Col xs={24} md={personal ? 16 : 24}>
              <Form.Item
                name="fullName"
                label={personal ? t('desk.fullName') : t('desk.orgName')}
                rules={[{ required: true, whitespace: true, message: t('desk.fullNameRequired') }]}
              >
                <Input ref={nameRef} data-testid="desk-full-name" autoComplete="off" maxLength={200} />
              </Form.Item>
            </Col>
            {personal && (
              <Col xs={24} md={8}>
                <Form.Item name="birthDate" label={t('desk.birthDate')}>
                  <DatePicker
                    data-testid="desk-birth-date"
                    format={BIRTH_FORMATS}
                    placeholder="dd/mm/yyyy"
                    style={{ width: '100%' }}
                    disabledDate={(d) => d.isAfter(dayjs())}
                    inputReadOnly={false}
                  />
                </Form.Item>
              </Col>
            )}
            <Col xs={24} md={12}>
              <Form.Item name="address" label={personal ? t('desk.address') : t('desk.orgAddress')}>
                <Input data-testid="desk-address" autoComplete="off" maxLength={500} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="phone" label={t('desk.phone')} rules={[{ pattern: PHONE_RE, message: t('register.phoneRule') }]}>
                <Input data-testid="desk-phone" inputMode="tel" autoComplete="off" maxLength={20} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="email" label={t('desk.email')} rules={[{ type: 'email', message: t('register.emailRule') }]}>
                <Input data-testid="desk-email" inputMode="email" autoComplete="off" maxLength={200} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="hasAuthorised" valuePropName="checked" style={{ marginBottom: hasAuthorised ? 12 : 0 }}>
            <Checkbox data-testid="desk-authorised">{t('desk.authorised')}</Checkbox>
          </Form.Item>
          {hasAuthorised && (
            <Card size="small" type="inner" title={t('desk.authorisedTitle')} data-testid="desk-authorised-fields">
              <Row gutter={16}>
                <Col xs={24} md={12}>
                  <Form.Item
                    name={['authorised', 'fullName']}
                    label={t('desk.fullName')}
                    rules={[{ required: true, whitespace: true, message: t('desk.fullNameRequired') }]}
                  >
                    <Input data-testid="desk-auth-full-name" autoComplete="off" maxLength={200} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item name={['authorised', 'idNumber']} label={t('desk.idNumberPersonal')} rules={[idRule('personal')]} validateTrigger="onBlur">
                    <Input data-testid="desk-auth-id-number" inputMode="numeric" autoComplete="off" maxLength={16} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item name={['authorised', 'phone']} label={t('desk.phone')} rules={[{ pattern: PHONE_RE, message: t('register.phoneRule') }]}>
                    <Input data-testid="desk-auth-phone" inputMode="tel" autoComplete="off" maxLength={20} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={16}>
                  <Form.Item name={['authorised', 'address']} label={t('desk.address')}>
                    <Input data-testid="desk-auth-address" autoComplete="off" maxLength={500} />
                  </Form.Item>
                </Col>
                <Col xs={24}>
                  <Form.Item
                    name={['authorised', 'document']}
                    label={t('desk.authDocument')}
                    rules={[{ required: true, whitespace: true, message: t('desk.authDocumentRequired') }]}
                    style={{ marginBottom: 0 }}
                  >
                    <Input data-testid="desk-auth-document" autoComplete="off" maxLength={500} placeholder={t('desk.authDocumentPlaceholder')} />
                  </Form.Item>
                </Col>
              </Row>
            </Card>
          )}
        </Card>

        <Card size="small" title={t('desk.stepProcedure')} style={{ marginBottom: 16 }}>
          <Form.Item name="procedureCode" label={t('desk.procedure')} rules={[{ required: true, message: t('desk.procedureRequired') }]}>
            <Select
              data-testid="desk-procedure"
              size="large"
              placeholder={t('desk.procedurePlaceholder')}
              showSearch={{ filterOption: false, onSearch: setProcQ, searchValue: procQ }}
              loading={procedures.isFetching}
              notFoundContent={procedures.isFetching ? t('common.loading') : t('home.empty')}
              options={procOptions}
              onChange={(value: string, option) => {
                const o = Array.isArray(option) ? option[0] : option;
                setProcLabel(o ? { value, label: String(o.label) } : null);
                setProcQ('');
                form.setFieldsValue({ unitId: undefined, documents: [], fees: [] });
              }}
              style={{ width: '100%' }}
            />
          </Form.Item>
          {procedure.isError && <ProblemAlert error={procedure.error} onRetry={() => void procedure.refetch()} />}
          {p && (
            <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
              {[p.field?.name, p.processingTime?.text].filter(Boolean).join(' · ')}
            </Typography.Paragraph>
          )}
          <Row gutter={16}>
            <Col xs={24} md={myUnits.length > 1 ? 12 : 24}>
              <Form.Item name="unitId" label={t('desk.unit')} rules={[{ required: true, message: t('desk.unitRequired') }]}>
                <Select
                  data-testid="desk-unit"
                  placeholder={t('desk.unitPlaceholder')}
                  disabled={!p || busy}
                  showSearch={{ optionFilterProp: 'label' }}
                  options={units.map((u) => ({ value: u.id, label: u.name }))}
                  notFoundContent={p ? t('apply.noUnits') : undefined}
                />
              </Form.Item>
            </Col>
            {myUnits.length > 1 && (
              <Col xs={24} md={12}>
                <Form.Item name="receivingUnitId" label={t('desk.receivingUnit')}>
                  <Select data-testid="desk-receiving-unit" options={myUnits.map((u) => ({ value: u.id, label: u.name }))} />
                </Form.Item>
              </Col>
            )}
          </Row>
          {otherUnit && <Alert type="info" showIcon title={t('desk.otherUnitNote')} data-testid="desk-unit-note" />}
        </Card>

        <Card size="small" title={t('desk.stepDocuments')} style={{ marginBottom: 16 }}>
          {!p ? (
            <Typography.Text type="secondary">{t('desk.chooseProcedureFirst')}</Typography.Text>
          ) : (
            <>
              <Form.List name="documents">
                {(fields) => (
                  <Table
                    size="small"
                    rowKey="key"
                    pagination={false}
                    dataSource={fields}
                    scroll={{ x: 640 }}
                    data-testid="desk-docs"
                    locale={{ emptyText: t('desk.noDocuments') }}
                    style={{ marginBottom: 16 }}
                    columns={[
                      {
                        title: (
                          <Checkbox
                            data-testid="desk-doc-all"
                            checked={!!documents?.length && missingDocs.length === 0}
                            indeterminate={missingDocs.length > 0 && missingDocs.length < (documents?.length ?? 0)}
                            onChange={(e) =>
                              form.setFieldValue(
                                'documents',
                                ((form.getFieldValue('documents') as DocRow[]) ?? []).map((d) => ({ ...d, provided: e.target.checked })),
                              )
                            }
                          >
                            {t('desk.provided')}
                          </Checkbox>
                        ),
                        width: 120,
                        render: (_, f) => (
                          <Form.Item name={[f.name, 'provided']} valuePropName="checked" noStyle>
                            <Checkbox data-testid={`desk-doc-${f.name}`} aria-label={`${t('desk.provided')}: ${documents?.[f.name]?.name ?? ''}`}>
                              {t('desk.providedShort')}
                            </Checkbox>
                          </Form.Item>
                        ),
                      },
                      {
                        title: t('procedure.docName'),
                        render: (_, f) => documents?.[f.name]?.name,
                      },
                      {
                        title: t('procedure.originals'),
                        width: 90,
                        align: 'center',
                        render: (_, f) => documents?.[f.name]?.originals ?? 0,
                      },
                      {
                        title: t('procedure.copies'),
                        width: 90,
                        align: 'center',
                        render: (_, f) => documents?.[f.name]?.copies ?? 0,
                      },
                      {
                        title: t('desk.scan'),
                        width: 220,
                        render: (_, f) => (
                          <div data-testid={`desk-doc-upload-${f.name}`}>
                            <Upload
                              multiple
                              accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
                              beforeUpload={beforeUpload}
                              fileList={docFiles[f.name] ?? []}
                              onChange={({ fileList }) => {
                                setDocFiles((prev) => ({ ...prev, [f.name]: fileList }));
                                if (fileList.length > 0) form.setFieldValue(['documents', f.name, 'provided'], true);
                              }}
                              disabled={busy}
                            >
                              <Button size="small" icon={<PaperClipOutlined />} disabled={busy}>
                                {t('desk.scanButton')}
                              </Button>
                            </Upload>
                          </div>
                        ),
                      },
                    ]}
                  />
                )}
              </Form.List>
              <Row gutter={16}>
                <Col xs={24} md={6}>
                  <Form.Item name="sets" label={t('desk.sets')} rules={[{ required: true, type: 'integer', min: 1, message: t('desk.setsRule') }]}>
                    <InputNumber data-testid="desk-sets" min={1} max={99} precision={0} style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={18}>
                  <Form.Item name="returnPlace" label={t('desk.returnPlace')} rules={[{ required: true, whitespace: true, message: t('desk.returnPlaceRequired') }]}>
                    <AutoComplete
                      data-testid="desk-return-place"
                      options={[t('desk.returnPlaceDefault'), t('desk.returnPlacePost'), t('desk.returnPlaceOnline')].map((v) => ({ value: v }))}
                      maxLength={300}
                    />
                  </Form.Item>
                </Col>
              </Row>
              <Typography.Title level={5} style={{ marginTop: 0 }}>
                {t('procedure.fees')}
              </Typography.Title>
              {p.feeText && (
                <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                  {p.feeText}
                </Typography.Paragraph>
              )}
              <Form.List name="fees">
                {(fields, { add, remove }) => (
                  <div data-testid="desk-fees">
                    {fields.map((f) => (
                      <Row gutter={8} key={f.key} align="top" wrap>
                        <Col xs={24} md={10}>
                          <Form.Item name={[f.name, 'name']} rules={[{ required: true, whitespace: true, message: t('desk.feeNameRequired') }]}>
                            <Input placeholder={t('proc.feeName')} aria-label={t('proc.feeName')} data-testid={`desk-fee-name-${f.name}`} />
                          </Form.Item>
                        </Col>
                        <Col xs={10} md={5}>
                          <Form.Item name={[f.name, 'amount']} rules={[{ required: true, message: t('desk.feeAmountRequired') }]}>
                            <InputNumber
                              min={0}
                              step={1000}
                              precision={0}
                              style={{ width: '100%' }}
                              aria-label={t('proc.feeAmount')}
                              placeholder={t('proc.feeAmount')}
                              formatter={(v) => `${v ?? ''}`.replace(/\B(?=(\d{3})+(?!\d))/g, '.')}
                              parser={(v) => Number((v ?? '').replace(/\D/g, '')) as 0}
                              suffix="đ"
                              data-testid={`desk-fee-amount-${f.name}`}
                            />
                          </Form.Item>
                        </Col>
                        <Col xs={12} md={7}>
                          <Form.Item
                            name={[f.name, 'receiptNumber']}
                            rules={[
                              {
                                validator: (_, value: string | undefined) =>
                                  (value ?? '').trim() || (form.getFieldValue(['fees', f.name, 'amount']) ?? 0) <= 0
                                    ? Promise.resolve()
                                    : Promise.reject(new Error(t('desk.receiptRequired'))),
                              },
                            ]}
                          >
                            <Input placeholder={t('desk.receiptNumber')} aria-label={t('desk.receiptNumber')} data-testid={`desk-fee-receipt-${f.name}`} maxLength={50} />
                          </Form.Item>
                        </Col>
                        <Col xs={2} md={2}>
                          <Button
                            icon={<DeleteOutlined />}
                            aria-label={t('desk.removeFee')}
                            title={t('desk.removeFee')}
                            onClick={() => remove(f.name)}
                            data-testid={`desk-fee-remove-${f.name}`}
                          />
                        </Col>
                      </Row>
                    ))}
                    {fields.length === 0 && (
                      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                        {t('desk.noFees')}
                      </Typography.Paragraph>
                    )}
                    <Button icon={<PlusOutlined />} onClick={() => add({ name: '', amount: null, receiptNumber: '' })} data-testid="desk-fee-add">
                      {t('proc.addFee')}
                    </Button>
                  </div>
                )}
              </Form.List>
            </>
          )}
        </Card>
      </Form>

      {serverError !== null && (
        <div style={{ marginBottom: 16 }}>
          <ProblemAlert error={serverError} />
        </div>
      )}

      <Card size="small" title={t('desk.stepDecision')} className="mc-desk-decision">
        <Flex wrap gap={8} align="center">
          <Button
            type="primary"
            size="large"
            icon={<CheckCircleOutlined />}
            loading={submitting === 'accept'}
            disabled={busy && submitting !== 'accept'}
            onClick={() => void onDecision('accept')}
            data-testid="desk-accept"
          >
            {t('desk.accept')}
          </Button>
          <Button
            size="large"
            icon={<EditOutlined />}
            loading={submitting === 'supplement'}
            disabled={busy && submitting !== 'supplement'}
            onClick={() => void onDecision('supplement')}
            data-testid="desk-supplement"
          >
            {t('desk.supplement')}
          </Button>
          <Button
            size="large"
            danger
            icon={<CloseCircleOutlined />}
            loading={submitting === 'reject'}
            disabled={busy && submitting !== 'reject'}
            onClick={() => void onDecision('reject')}
            data-testid="desk-reject"
          >
            {t('desk.reject')}
          </Button>
          {missingDocs.length > 0 && (
            <Typography.Text type="warning" data-testid="desk-missing-count">
              {t('desk.missingCount', { count: missingDocs.length })}
            </Typography.Text>
          )}
        </Flex>
      </Card>

      <Modal
        open={pendingDecision !== null}
        title={pendingDecision === 'supplement' ? t('desk.supplementTitle') : t('desk.rejectTitle')}
        okText={pendingDecision === 'supplement' ? t('desk.supplement') : t('desk.reject')}
        cancelText={t('common.cancel')}
        okButtonProps={{ danger: pendingDecision === 'reject', loading: busy, 'data-testid': 'desk-decision-confirm' } as ButtonProps}
        onOk={() =>
          void validatedValues(commentForm)
            .then((v) => (pendingDecision ? submit(pendingDecision, v.comment) : false))
            .catch(() => undefined)
        }
        onCancel={() => !busy && setPendingDecision(null)}
        destroyOnHidden
        forceRender
      >
        <Form form={commentForm} layout="vertical" requiredMark>
          <Form.Item
            name="comment"
            label={pendingDecision === 'supplement' ? t('desk.supplementItems') : t('desk.rejectReason')}
            extra={pendingDecision === 'supplement' ? t('desk.supplementHint') : undefined}
            rules={[
              {
                required: true,
                whitespace: true,
                message: pendingDecision === 'supplement' ? t('desk.supplementRequired') : t('desk.rejectRequired'),
              },
            ]}
          >
            <Input.TextArea
              data-testid="desk-comment"
              rows={6}
              autoFocus
              maxLength={4000}
              showCount
              onKeyDown={(e) => {
                if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && pendingDecision) {
                  e.preventDefault();
                  void validatedValues(commentForm)
                    .then((v) => submit(pendingDecision, v.comment))
                    .catch(() => undefined);
                }
              }}
            />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}

/** The receipt after a decision: code and due date in large type, print buttons. */
function ReceptionResult({ outcome, onNew }: { outcome: Outcome; onNew: () => void }) {
  const { t } = useTranslation();
  const { decision, dossier: d, failedUploads } = outcome;
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
            {outcome.consented && <StoreReuse dossierId={d.id} checklist={outcome.checklist} />}
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
