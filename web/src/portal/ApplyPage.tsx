import { useMemo, useState } from 'react';
import { Alert, App, Breadcrumb, Button, Card, Checkbox, Flex, Form as AntForm, Modal, Result, Select, Tag, Typography, Upload } from 'antd';
import type { ButtonProps, UploadFile } from 'antd';
import { DeleteOutlined, FolderOpenOutlined, InboxOutlined, PaperClipOutlined, SendOutlined } from '@ant-design/icons';
import Form from '@rjsf/antd';
import validator from '@rjsf/validator-ajv8';
import type { ErrorSchema, RJSFSchema, UiSchema } from '@rjsf/utils';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { attachmentBeforeUpload } from '../lib/upload-check';
import { ApiError, errorMessage } from '../api/client';
import { useSession } from '../account/api';
import { useProcedure } from '../catalog/api';
import { useMyDocuments } from '../dossier/api';
import { failures } from '../lib/steps';
import { useSubmitOnline, type Attachment, type OnlineSubmission } from './useSubmitOnline';
import type { Dossier, ProcedureDocument, StoredDocument } from '../api/types';
import { PageSpinner } from '../components/PageSpinner';
import { ProblemAlert } from '../components/ProblemAlert';
import { eformWidgets } from '../lib/eform-widgets';
import { makeTransformErrors, pathSegments, prefillFormData, rjsfTranslator, toErrorSchema } from '../lib/eform';
import { fileKind, formatDate, formatSize } from '../lib/format';
import { docKey } from '../lib/text';

const EMPTY_SCHEMA: RJSFSchema = { type: 'object', properties: {} };

/** The required document a stored document stands for (same name, else one name containing the other). */
function matchDocument(stored: StoredDocument, documents: ProcedureDocument[]): ProcedureDocument | undefined {
  const key = docKey(stored.name);
  if (!key) return undefined;
  return (
    documents.find((d) => docKey(d.name) === key) ??
    documents.find((d) => {
      const k = docKey(d.name);
      return k !== '' && (k.includes(key) || key.includes(k));
    })
  );
}

interface Created {
  dossier: Dossier;
  failedUploads: { name: string; message: string }[];
}

/** Online application: receiving unit, e-form (JSON Schema via rjsf), attachments, submit. */
export default function ApplyPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { code = '' } = useParams();
  const procedure = useProcedure(code);
  const session = useSession();
  const user = session.data?.user;

  const [unitId, setUnitId] = useState<string | undefined>(undefined);
  const [unitError, setUnitError] = useState<string | null>(null);
  const [formData, setFormData] = useState<Record<string, unknown> | null>(null);
  const [files, setFiles] = useState<UploadFile[]>([]);
  /** Files attached to the documents that allow an upload, by document index. */
  const [docFiles, setDocFiles] = useState<Record<number, UploadFile[]>>({});
  const online = useSubmitOnline();
  const submitting = online.busy;
  const [serverError, setServerError] = useState<unknown>(null);
  const [extraErrors, setExtraErrors] = useState<ErrorSchema | undefined>(undefined);
  const [created, setCreated] = useState<Created | null>(null);
  /** Documents chosen from the applicant's store of digitised documents (ids). */
  const [reused, setReused] = useState<string[]>([]);
  const [picking, setPicking] = useState<string[] | null>(null);
  const store = useMyDocuments(!!user);

  const p = procedure.data;
  const schema = useMemo<RJSFSchema>(() => (p?.formSchema as RJSFSchema | null) ?? EMPTY_SCHEMA, [p]);
  const uiSchema = useMemo<UiSchema>(() => {
    const base = (p?.uiSchema as UiSchema | null) ?? {};
    // Our own submit button replaces rjsf's.
    return { ...base, 'ui:submitButtonOptions': { norender: true } };
  }, [p]);
  const initialData = useMemo(() => prefillFormData(p?.formSchema, user), [p, user]);
  const transformErrors = useMemo(() => makeTransformErrors(t), [t]);
  const translateString = useMemo(() => rjsfTranslator(i18n.language), [i18n.language]);

  const units = p?.units ?? [];
  const uploadDocs = (p?.documents ?? []).map((d, index) => ({ index, name: d.name, upload: !!d.upload })).filter((d) => d.upload);
  const selectedUnit = unitId ?? (units.length === 1 ? units[0].id : undefined);
  const storeItems = store.data?.items ?? [];
  const reusedDocs = reused.map((id) => storeItems.find((d) => d.id === id)).filter((d): d is StoredDocument => !!d);
  /** Label of a reused document: the matching required document's name, else its own name. */
  const reuseLabel = (d: StoredDocument) => matchDocument(d, p?.documents ?? [])?.name ?? d.name;

  if (procedure.isLoading) return <PageSpinner />;
  if (procedure.isError || !p) return <ProblemAlert error={procedure.error} onRetry={() => void procedure.refetch()} />;

  if (created) {
    const d = created.dossier;
    return (
      <Result
        status="success"
        title={t('apply.successTitle')}
        subTitle={
          <Flex vertical gap={8} align="center">
            <Typography.Title level={4} style={{ margin: 0 }}>
              {t('dossier.code')}:{' '}
              <span data-testid="dossier-code" data-dossier-id={d.id}>
                {d.code ?? t('dossier.noCode')}
              </span>
            </Typography.Title>
            <span>{t('apply.successSubtitle', { unit: d.unitName ?? units.find((u) => u.id === d.unitId)?.name ?? '' })}</span>
            {created.failedUploads.map((f) => (
              <Alert key={f.name} type="warning" showIcon title={t('apply.uploadFailed', { name: f.name, message: f.message })} />
            ))}
          </Flex>
        }
        extra={[
          <Link key="view" to={`/ho-so/${encodeURIComponent(d.id)}`}>
            <Button type="primary" data-testid="view-dossier">
              {t('apply.view')}
            </Button>
          </Link>,
          <Link key="home" to="/">
            <Button>{t('apply.another')}</Button>
          </Link>,
        ]}
      />
    );
  }

  const beforeUpload = attachmentBeforeUpload(t, (text) => message.error(text));

  function checkUnit(): boolean {
    if (!selectedUnit) {
      setUnitError(t('apply.unitRequired'));
      return false;
    }
    setUnitError(null);
    return true;
  }

  async function onSubmit(data: Record<string, unknown>) {
    if (!p || !checkUnit() || !selectedUnit) {
      message.error(t('apply.unitRequired'));
      return;
    }
    setServerError(null);
    setExtraErrors(undefined);
    const uploads: Attachment[] = [
      ...uploadDocs.flatMap(({ index, name }) => (docFiles[index] ?? []).flatMap((f) => (f.originFileObj ? [{ file: f.originFileObj as File, label: name }] : []))),
      ...files.flatMap((f) => (f.originFileObj ? [{ file: f.originFileObj as File }] : [])),
    ];
    let result: OnlineSubmission;
    try {
      result = await online.submit(
        { procedureCode: p.code, unitId: selectedUnit, formData: data },
        uploads,
        reusedDocs.map((d) => ({ id: d.id, name: d.name, label: reuseLabel(d) })),
      );
    } catch (err) {
      setServerError(err);
      if (err instanceof ApiError && err.problem.errors?.length) {
        const formErrors = err.problem.errors.filter((e) => {
          const first = pathSegments(e.path ?? '')[0];
          if (first === 'unitId') {
            setUnitError(e.message);
            return false;
          }
          return first !== 'procedureCode';
        });
        setExtraErrors(toErrorSchema(formErrors));
        message.error(t('apply.fixErrors'));
      } else {
        message.error(errorMessage(err, t('common.error')));
      }
      window.scrollTo({ top: 0, behavior: 'smooth' });
      return;
    }
    setCreated({ dossier: result.dossier, failedUploads: failures(result.attachments) });
    window.scrollTo({ top: 0 });
  }

  const canApply = p.onlineLevel !== 'info';

  return (
    <>
      <Breadcrumb
        style={{ marginBottom: 12 }}
        items={[
          { title: <Link to="/">{t('nav.services')}</Link> },
          { title: <Link to={`/thu-tuc/${encodeURIComponent(p.code)}`}>{p.code}</Link> },
          { title: t('apply.title') },
        ]}
      />
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('apply.title')}: {p.name}
      </Typography.Title>

      {!canApply && <Alert type="warning" showIcon title={t('apply.notOnline')} style={{ marginBottom: 16 }} />}
      {units.length === 0 && <Alert type="warning" showIcon title={t('apply.noUnits')} style={{ marginBottom: 16 }} />}
      {serverError !== null && (
        <div style={{ marginBottom: 16 }}>
          <ProblemAlert error={serverError} />
        </div>
      )}

      <Card size="small" title={t('apply.unit')} style={{ marginBottom: 16 }}>
        <AntForm layout="vertical" component="div">
          <AntForm.Item
            label={t('apply.unit')}
            required
            validateStatus={unitError ? 'error' : undefined}
            help={unitError ?? undefined}
            htmlFor="unit-select"
            style={{ marginBottom: 0 }}
          >
            <Select
              id="unit-select"
              data-testid="unit-select"
              aria-label={t('apply.unit')}
              placeholder={t('apply.unitPlaceholder')}
              value={selectedUnit}
              onChange={(v) => {
                setUnitId(v);
                setUnitError(null);
              }}
              showSearch={{ optionFilterProp: 'label' }}
              options={units.map((u) => ({ value: u.id, label: u.name }))}
              style={{ width: '100%' }}
            />
          </AntForm.Item>
        </AntForm>
      </Card>

      <Card size="small" title={t('apply.form')} style={{ marginBottom: 16 }}>
        {!p.formSchema && <Typography.Paragraph type="secondary">{t('apply.noForm')}</Typography.Paragraph>}
        <Form
          schema={schema}
          uiSchema={uiSchema}
          validator={validator}
          widgets={eformWidgets}
          className="mc-eform"
          formData={formData ?? initialData}
          onChange={(e) => setFormData(e.formData as Record<string, unknown>)}
          onSubmit={(e) => void onSubmit((e.formData ?? {}) as Record<string, unknown>)}
          onError={() => {
            checkUnit();
            message.error(t('apply.fixErrors'));
          }}
          extraErrors={extraErrors}
          transformErrors={transformErrors}
          translateString={translateString}
          showErrorList={false}
          noHtml5Validate
          focusOnFirstError
          disabled={submitting}
          idPrefix="f"
        >
          <Card
            size="small"
            type="inner"
            title={t('apply.files')}
            style={{ margin: '16px 0' }}
            extra={
              storeItems.length > 0 ? (
                <Button
                  size="small"
                  icon={<FolderOpenOutlined />}
                  onClick={() => setPicking(reused)}
                  disabled={submitting}
                  data-testid="store-pick"
                >
                  {t('apply.storePick')}
                </Button>
              ) : undefined
            }
          >
            {reusedDocs.length > 0 && (
              <div data-testid="store-reused" style={{ marginBottom: 16 }}>
                <Typography.Paragraph strong style={{ marginBottom: 4 }}>
                  {t('apply.storeReused')}
                </Typography.Paragraph>
                <Flex vertical gap={4}>
                  {reusedDocs.map((d) => {
                    const label = reuseLabel(d);
                    return (
                      <Flex
                        key={d.id}
                        wrap
                        gap={8}
                        align="center"
                        style={{ padding: '4px 0', borderBottom: '1px dashed #e5e7eb' }}
                        data-testid={`store-reused-${d.id}`}
                      >
                        <Tag color="blue" icon={<FolderOpenOutlined />} style={{ marginInlineEnd: 0 }}>
                          {t('apply.storeReused')}
                        </Tag>
                        <span style={{ flex: 1, minWidth: 160 }}>
                          {d.name}
                          {label !== d.name && <Typography.Text type="secondary"> ({t('apply.storeFor', { name: label })})</Typography.Text>}
                        </span>
                        <Button
                          type="text"
                          size="small"
                          icon={<DeleteOutlined />}
                          aria-label={`${t('apply.storeRemove')}: ${d.name}`}
                          title={t('apply.storeRemove')}
                          disabled={submitting}
                          onClick={() => setReused((prev) => prev.filter((id) => id !== d.id))}
                          data-testid={`store-reused-remove-${d.id}`}
                        />
                      </Flex>
                    );
                  })}
                </Flex>
              </div>
            )}
            {uploadDocs.length > 0 && (
              <div data-testid="doc-uploads" style={{ marginBottom: 16 }}>
                <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                  {t('apply.docUploadsHint')}
                </Typography.Paragraph>
                {uploadDocs.map(({ index, name }) => (
                  <div key={index} className="mc-doc-slot" data-testid={`doc-upload-${index}`} data-label={name}>
                    <div className="mc-doc-slot-label" id={`doc-upload-label-${index}`}>
                      {name}
                    </div>
                    <Upload
                      multiple
                      accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
                      beforeUpload={beforeUpload}
                      fileList={docFiles[index] ?? []}
                      onChange={({ fileList }) => setDocFiles((prev) => ({ ...prev, [index]: fileList }))}
                      disabled={submitting}
                    >
                      <Button size="small" icon={<PaperClipOutlined />} disabled={submitting} aria-describedby={`doc-upload-label-${index}`}>
                        {t('apply.docUploadButton')}
                      </Button>
                    </Upload>
                  </div>
                ))}
                <Typography.Paragraph type="secondary" style={{ margin: '12px 0 8px' }}>
                  {t('apply.otherFiles')}
                </Typography.Paragraph>
              </div>
            )}
            <Upload.Dragger
              multiple
              accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
              beforeUpload={beforeUpload}
              fileList={files}
              onChange={({ fileList }) => setFiles(fileList)}
              disabled={submitting}
              data-testid="file-upload"
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">{t('apply.selectFiles')}</p>
              <p className="ant-upload-hint">{t('apply.filesHint')}</p>
            </Upload.Dragger>
          </Card>
          <Flex justify="flex-end">
            <Button
              type="primary"
              htmlType="submit"
              size="large"
              icon={<SendOutlined />}
              loading={submitting}
              disabled={!canApply || units.length === 0}
              data-testid="submit-dossier"
            >
              {t('apply.submit')}
            </Button>
          </Flex>
        </Form>
      </Card>

      <Modal
        open={picking !== null}
        title={t('apply.storeModalTitle')}
        okText={t('apply.storeUse')}
        cancelText={t('common.cancel')}
        okButtonProps={{ 'data-testid': 'store-modal-ok' } as ButtonProps}
        onOk={() => {
          setReused(picking ?? []);
          setPicking(null);
        }}
        onCancel={() => setPicking(null)}
        modalRender={(node) => <div data-testid="store-modal">{node}</div>}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('apply.storeModalHint')}</Typography.Paragraph>
        <Checkbox.Group value={picking ?? []} onChange={(v) => setPicking(v as string[])} style={{ display: 'block' }}>
          <Flex vertical gap={8}>
            {storeItems.map((d) => {
              const match = matchDocument(d, p.documents);
              return (
                <Checkbox key={d.id} value={d.id} data-testid={`store-doc-${d.id}`}>
                  <span>{d.name}</span>
                  <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>
                    {[fileKind(d.contentType), formatSize(d.size), formatDate(d.createdAt), d.sourceDossierCode ? t('apply.storeFrom', { code: d.sourceDossierCode }) : null]
                      .filter(Boolean)
                      .join(' · ')}
                  </Typography.Text>
                  {match && match.name !== d.name && (
                    <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                      {t('apply.storeFor', { name: match.name })}
                    </Typography.Text>
                  )}
                </Checkbox>
              );
            })}
          </Flex>
        </Checkbox.Group>
      </Modal>
    </>
  );
}
