import { useRef, useState } from 'react';
import { Alert, App, Button, Flex, Modal, Typography } from 'antd';
import { FileTextOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../../api/client';
import type { ProblemFieldError } from '../../api/client';
import { useImportCalendar } from './api';
import type { CalendarImportResult, HolidayFileDay } from '../../api/types';

interface LoadedFile {
  name: string;
  year: number | null;
  source: string | null;
  days: HolidayFileDay[];
}

type Report =
  | { ok: true; result: CalendarImportResult }
  | { ok: false; detail: string; errors: ProblemFieldError[] };

/** Parse a data/holidays/<year>.json file (or a bare array of days). */
function parseHolidayFile(name: string, text: string, t: (k: string, o?: Record<string, unknown>) => string): LoadedFile {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new Error(t('calendar.fileInvalid', { message: err instanceof Error ? err.message : String(err) }));
  }
  const obj = (Array.isArray(json) ? { days: json } : json) as { year?: unknown; source?: unknown; days?: unknown };
  if (!obj || typeof obj !== 'object' || !Array.isArray(obj.days)) throw new Error(t('calendar.fileNoDays'));
  return {
    name,
    year: typeof obj.year === 'number' ? obj.year : null,
    source: typeof obj.source === 'string' ? obj.source : null,
    days: obj.days as HolidayFileDay[],
  };
}

function readText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result ?? ''));
    reader.onerror = () => reject(reader.error ?? new Error('FileReader'));
    reader.readAsText(file, 'utf-8');
  });
}

/** Import national holidays from a JSON file: dry run first (report every bad row), then import. */
export function ImportModal({ open, onClose, onImported }: { open: boolean; onClose: () => void; onImported: (year: number | null) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const inputRef = useRef<HTMLInputElement>(null);
  const importer = useImportCalendar();
  const [file, setFile] = useState<LoadedFile | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [phase, setPhase] = useState<'idle' | 'checking' | 'importing'>('idle');

  function reset() {
    setFile(null);
    setFileError(null);
    setReport(null);
    setPhase('idle');
    importer.reset();
    if (inputRef.current) inputRef.current.value = '';
  }

  /** Shows a refused import: the message and every bad row the server listed. */
  function showFailure(err: unknown) {
    setReport({
      ok: false,
      detail: errorMessage(err, t('common.error')),
      errors: err instanceof ApiError ? (err.problem.errors ?? []) : [],
    });
  }

  async function dryRun(loaded: LoadedFile) {
    setPhase('checking');
    setReport(null);
    try {
      const result = await importer.mutateAsync({ dryRun: true, days: loaded.days });
      setReport({ ok: true, result });
    } catch (err) {
      showFailure(err);
    } finally {
      setPhase('idle');
    }
  }

  async function onFile(f: File | undefined) {
    setFile(null);
    setFileError(null);
    setReport(null);
    if (!f) return;
    try {
      const loaded = parseHolidayFile(f.name, await readText(f), t);
      setFile(loaded);
      await dryRun(loaded);
    } catch (err) {
      setFileError(err instanceof Error ? err.message : String(err));
    }
  }

  async function doImport() {
    if (!file) return;
    setPhase('importing');
    try {
      const result = await importer.mutateAsync({ dryRun: false, days: file.days });
      message.success(t('calendar.imported', { count: result.imported }));
      onImported(file.year);
      reset();
      onClose();
    } catch (err) {
      showFailure(err);
    } finally {
      setPhase('idle');
    }
  }

  /** "/days/3/date" → "Dòng 4 (2026-01-01)". */
  function rowLabel(path: string): string {
    const m = /^\/days\/(\d+)/.exec(path);
    if (!m) return path;
    const index = Number(m[1]);
    const date = file?.days[index]?.date;
    return `${t('calendar.row', { row: index + 1 })}${date ? ` (${date})` : ''}`;
  }

  const errors = report ? (report.ok ? report.result.errors : report.errors) : [];
  const canImport = !!file && report?.ok === true && report.result.errors.length === 0 && phase === 'idle';

  return (
    <Modal
      open={open}
      title={t('calendar.importTitle')}
      width={720}
      onCancel={() => {
        reset();
        onClose();
      }}
      destroyOnHidden
      footer={
        <Flex justify="end" gap={8} wrap>
          <Button
            onClick={() => {
              reset();
              onClose();
            }}
          >
            {t('common.cancel')}
          </Button>
          <Button disabled={!file || phase !== 'idle'} loading={phase === 'checking'} onClick={() => file && void dryRun(file)} data-testid="cal-import-recheck">
            {t('calendar.recheck')}
          </Button>
          <Button type="primary" disabled={!canImport} loading={phase === 'importing'} onClick={() => void doImport()} data-testid="cal-import-submit">
            {t('calendar.importSubmit')}
          </Button>
        </Flex>
      }
    >
      <div data-testid="cal-import-modal">
        <Typography.Paragraph type="secondary">{t('calendar.importHint')}</Typography.Paragraph>
        <input
          ref={inputRef}
          type="file"
          accept=".json,application/json"
          style={{ display: 'none' }}
          data-testid="cal-import-file"
          onChange={(e) => void onFile(e.target.files?.[0])}
        />
        <Button icon={<FileTextOutlined />} onClick={() => inputRef.current?.click()} disabled={phase !== 'idle'}>
          {t('calendar.chooseFile')}
        </Button>
        {file && (
          <Typography.Paragraph style={{ marginTop: 12, marginBottom: 4 }} data-testid="cal-import-fileinfo">
            {t('calendar.fileInfo', { name: file.name, year: file.year ?? '—', count: file.days.length })}
          </Typography.Paragraph>
        )}
        {file?.source && (
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }} ellipsis={{ rows: 2, expandable: true }}>
            {t('calendar.fileSource', { source: file.source })}
          </Typography.Paragraph>
        )}
        {fileError && <Alert type="error" showIcon title={fileError} style={{ marginTop: 12 }} />}
        {phase === 'checking' && <Typography.Paragraph style={{ marginTop: 12 }}>{t('calendar.checking')}</Typography.Paragraph>}
        {report && (
          <div data-testid="cal-import-report" data-ok={report.ok && errors.length === 0 ? 'true' : 'false'} style={{ marginTop: 12 }}>
            {report.ok && errors.length === 0 ? (
              <Alert type="success" showIcon title={t('calendar.dryRunOk', { count: report.result.imported })} />
            ) : (
              <Alert
                type="error"
                showIcon
                title={t('calendar.dryRunFailed', { count: errors.length })}
                description={report.ok ? undefined : report.detail}
              />
            )}
            {errors.length > 0 && (
              <ul className="mc-error-list">
                {errors.map((e, i) => (
                  <li key={i} data-testid="cal-import-error" data-path={e.path}>
                    <Typography.Text strong>{rowLabel(e.path)}</Typography.Text>: {e.message}
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
