import { useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Collapse, Descriptions, Flex, Modal, Progress, Typography } from 'antd';
import { FileExcelOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError, errorMessage } from '../../api/client';
import type { ProblemFieldError } from '../../api/client';
import { importProcedures, invalidateAfterImport } from './api';
import type { UploadProgress } from './api';
import type { ProcedureImportResult } from '../../api/types';

/** Columns of the catalog file, in order (national-catalog style). */
export const IMPORT_COLUMNS = [
  'Mã thủ tục',
  'Tên thủ tục',
  'Mã lĩnh vực',
  'Tên lĩnh vực',
  'Cấp thực hiện',
  'Thời hạn giải quyết',
  'Đơn vị thời hạn',
  'Mô tả thời hạn',
  'Phí, lệ phí',
  'Thành phần hồ sơ',
  'Trình tự thực hiện',
  'Điều kiện thực hiện',
  'Căn cứ pháp lý',
  'Kết quả thực hiện',
  'Đối tượng thực hiện',
  'Mức độ dịch vụ công',
  'Cơ quan thực hiện',
];

const ACCEPT = '.xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv';
const ALLOWED = /\.(xlsx|csv)$/i;

type Report = { ok: true; result: ProcedureImportResult } | { ok: false; detail: string; errors: ProblemFieldError[] };
type Phase = 'idle' | 'uploading' | 'processing';

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Bulk import of the procedure catalog from .xlsx / .csv: automatic dry run, every bad row listed, then import. */
export function ImportDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const inputRef = useRef<HTMLInputElement>(null);
  const abortRef = useRef<AbortController | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [phase, setPhase] = useState<Phase>('idle');
  const [mode, setMode] = useState<'dry' | 'real'>('dry');
  const [percent, setPercent] = useState(0);

  useEffect(() => () => abortRef.current?.abort(), []);

  function reset() {
    abortRef.current?.abort();
    abortRef.current = null;
    setFile(null);
    setFileError(null);
    setReport(null);
    setPhase('idle');
    setPercent(0);
    if (inputRef.current) inputRef.current.value = '';
  }

  function close() {
    reset();
    onClose();
  }

  function onProgress(p: UploadProgress) {
    if (p.done) {
      setPercent(100);
      setPhase('processing');
      return;
    }
    const total = p.total ?? 0;
    setPercent(total > 0 ? Math.min(100, Math.floor((p.loaded / total) * 100)) : 0);
  }

  async function run(f: File, dryRun: boolean): Promise<ProcedureImportResult | null> {
    abortRef.current?.abort();
    const controller = new AbortController();
    abortRef.current = controller;
    setMode(dryRun ? 'dry' : 'real');
    setPhase('uploading');
    setPercent(0);
    setReport(null);
    try {
      const result = await importProcedures(f, dryRun, onProgress, controller.signal);
      const errors = result.errors ?? [];
      setReport({ ok: true, result: { ...result, errors } });
      return result;
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') return null;
      setReport({
        ok: false,
        detail: errorMessage(err, t('common.error')),
        errors: err instanceof ApiError ? (err.problem.errors ?? []) : [],
      });
      return null;
    } finally {
      if (abortRef.current === controller) abortRef.current = null;
      setPhase('idle');
    }
  }

  async function onFile(f: File | undefined) {
    setReport(null);
    setFileError(null);
    setFile(null);
    if (!f) return;
    if (!ALLOWED.test(f.name)) {
      setFileError(t('proc.importFileType', { name: f.name }));
      return;
    }
    setFile(f);
    await run(f, true);
  }

  async function doImport() {
    if (!file) return;
    const result = await run(file, false);
    if (result && (result.errors ?? []).length === 0) {
      message.success(t('proc.importDone', { created: result.created, updated: result.updated }));
      void invalidateAfterImport(qc);
      close();
    }
  }

  const errors = report ? (report.ok ? report.result.errors : report.errors) : [];
  const clean = report?.ok === true && errors.length === 0 && report.result.dryRun !== false;
  const canImport = !!file && clean && phase === 'idle';
  const busy = phase !== 'idle';

  return (
    <Modal
      open={open}
      title={t('proc.importTitle')}
      width={760}
      onCancel={close}
      destroyOnHidden
      maskClosable={!busy}
      footer={
        <Flex justify="end" gap={8} wrap>
          <Button onClick={close}>{t('common.cancel')}</Button>
          <Button disabled={!file || busy} onClick={() => file && void run(file, true)} data-testid="proc-import-recheck">
            {t('calendar.recheck')}
          </Button>
          <Button type="primary" disabled={!canImport} loading={busy && mode === 'real'} onClick={() => void doImport()} data-testid="proc-import-submit">
            {t('proc.importSubmit')}
          </Button>
        </Flex>
      }
    >
      <div data-testid="proc-import-dialog">
        <Typography.Paragraph type="secondary">{t('proc.importHint')}</Typography.Paragraph>
        <Collapse
          size="small"
          style={{ marginBottom: 12 }}
          items={[
            {
              key: 'cols',
              label: t('proc.importColumns', { count: IMPORT_COLUMNS.length }),
              children: (
                <>
                  <ol style={{ margin: 0, paddingInlineStart: 24, columns: 2 }} data-testid="proc-import-columns">
                    {IMPORT_COLUMNS.map((c) => (
                      <li key={c}>{c}</li>
                    ))}
                  </ol>
                  <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8, marginBottom: 0 }}>
                    {t('proc.importColumnsNote')}
                  </Typography.Paragraph>
                </>
              ),
            },
          ]}
        />
        <input
          ref={inputRef}
          type="file"
          accept={ACCEPT}
          style={{ display: 'none' }}
          data-testid="proc-import-file"
          onChange={(e) => void onFile(e.target.files?.[0])}
        />
        <Button icon={<FileExcelOutlined />} onClick={() => inputRef.current?.click()} disabled={busy}>
          {t('proc.chooseFile')}
        </Button>
        {file && (
          <Typography.Paragraph style={{ marginTop: 12, marginBottom: 4 }} data-testid="proc-import-fileinfo">
            {t('proc.importFileInfo', { name: file.name, size: formatSize(file.size) })}
          </Typography.Paragraph>
        )}
        {fileError && <Alert type="error" showIcon title={fileError} style={{ marginTop: 12 }} />}
        {file && (busy || report) && (
          <div style={{ marginTop: 12 }}>
            <Progress
              percent={busy ? percent : 100}
              status={busy ? 'active' : clean ? 'success' : 'normal'}
              data-testid="proc-import-progress"
              data-phase={phase}
              format={(p) => (phase === 'processing' ? t('proc.processing') : `${p ?? 0}%`)}
            />
            {busy && (
              <Typography.Text type="secondary" data-testid="proc-import-phase">
                {phase === 'uploading' ? t('proc.uploading') : mode === 'dry' ? t('proc.checking') : t('proc.importing')}
              </Typography.Text>
            )}
          </div>
        )}
        {report && !busy && (
          <div data-testid="proc-import-report" data-ok={clean ? 'true' : 'false'} style={{ marginTop: 12 }}>
            {report.ok && errors.length === 0 ? (
              <>
                <Alert type="success" showIcon title={t('proc.dryRunOk')} style={{ marginBottom: 8 }} />
                <Descriptions
                  size="small"
                  bordered
                  column={3}
                  items={[
                    { key: 'total', label: t('proc.importTotal'), children: <span data-testid="proc-import-total">{report.result.total}</span> },
                    { key: 'created', label: t('proc.importCreated'), children: <span data-testid="proc-import-created">{report.result.created}</span> },
                    { key: 'updated', label: t('proc.importUpdated'), children: <span data-testid="proc-import-updated">{report.result.updated}</span> },
                  ]}
                />
              </>
            ) : (
              <Alert
                type="error"
                showIcon
                title={t('proc.dryRunFailed', { count: errors.length })}
                description={report.ok ? undefined : report.detail}
              />
            )}
            {errors.length > 0 && (
              <ul className="mc-error-list" style={{ maxHeight: 320, overflow: 'auto' }}>
                {errors.map((e, i) => (
                  <li key={i} data-testid="proc-import-error" data-path={e.path}>
                    {e.message}
                    {!/^Dòng|^Row/i.test(e.message) && e.path ? (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {' '}
                        ({e.path})
                      </Typography.Text>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>
    </Modal>
  );
}
