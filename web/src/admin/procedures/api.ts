/** Procedure administration: the list, one procedure and its versions, saving, publishing, units, spreadsheet import/export. */
import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api, ApiError, apiUrl, getCsrfToken } from '../../api/client';
import type { Problem } from '../../api/client';
import type { AdminProcedureQuery } from '../../api/queries';
import { queryKeys } from '../../api/queryKeys';
import type { AdminProcedure, AdminProcedureSummary, Items, Page, ProcedureImportResult, ProcedureInput, ProcedureVersion } from '../../api/types';

/** A page of procedures, published or not. */
export function useAdminProcedures(params: AdminProcedureQuery) {
  return useQuery({
    queryKey: queryKeys.admin.procedures.list(params),
    queryFn: ({ signal }) => api<Page<AdminProcedureSummary>>('/admin/procedures', { query: { ...params }, signal }),
    placeholderData: keepPreviousData,
  });
}

/** One procedure as the admin edits it. */
export function useAdminProcedure(code: string | undefined) {
  return useQuery({
    queryKey: queryKeys.admin.procedure(code ?? ''),
    queryFn: ({ signal }) => api<AdminProcedure>(`/admin/procedures/${encodeURIComponent(code ?? '')}`, { signal }),
    enabled: !!code,
  });
}

/** The saved versions of a procedure. */
export function useProcedureVersions(code: string | undefined) {
  return useQuery({
    queryKey: queryKeys.admin.procedureVersions(code ?? ''),
    queryFn: ({ signal }) => api<Items<ProcedureVersion>>(`/admin/procedures/${encodeURIComponent(code ?? '')}/versions`, { signal }),
    enabled: !!code,
  });
}

/** Everything that shows procedures (admin list, public catalog) after a change. */
function invalidateProcedures(qc: QueryClient, code?: string) {
  return Promise.all([
    qc.invalidateQueries({ queryKey: queryKeys.admin.procedures.all }),
    qc.invalidateQueries({ queryKey: queryKeys.procedures.all }),
    ...(code
      ? [qc.invalidateQueries({ queryKey: queryKeys.procedure(code) }), qc.invalidateQueries({ queryKey: queryKeys.admin.procedureVersions(code) })]
      : []),
  ]);
}

/** After a spreadsheet import: the lists, the catalog and the fields (an import may add fields). */
export function invalidateAfterImport(qc: QueryClient) {
  return Promise.all([invalidateProcedures(qc), qc.invalidateQueries({ queryKey: queryKeys.fields })]);
}

/** Create (POST, when `original` is null) or update (PUT, with `expectedVersion`) a procedure. */
export function useSaveProcedure() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { original: string | null; body: ProcedureInput; expectedVersion?: number }) =>
      input.original === null
        ? api<AdminProcedure>('/admin/procedures', { method: 'POST', body: input.body })
        : api<AdminProcedure>(`/admin/procedures/${encodeURIComponent(input.original)}`, {
            method: 'PUT',
            body: { ...input.body, expectedVersion: input.expectedVersion },
          }),
    onSuccess: (p) => {
      qc.setQueryData(queryKeys.admin.procedure(p.code), p);
      void invalidateProcedures(qc, p.code);
    },
  });
}

/** Publish or unpublish a procedure. */
export function usePublishProcedure() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { code: string; publish: boolean }) =>
      api<AdminProcedure>(`/admin/procedures/${encodeURIComponent(input.code)}/${input.publish ? 'publish' : 'unpublish'}`, { method: 'POST' }),
    onSuccess: (p) => {
      qc.setQueryData(queryKeys.admin.procedure(p.code), p);
      void invalidateProcedures(qc, p.code);
    },
  });
}

/** Set the units that carry out a procedure. */
export function useSetProcedureUnits(code: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (unitIds: string[]) =>
      api<AdminProcedure>(`/admin/procedures/${encodeURIComponent(code)}/units`, { method: 'PUT', body: { unitIds } }),
    onSuccess: (p) => {
      qc.setQueryData(queryKeys.admin.procedure(p.code), p);
      void invalidateProcedures(qc, p.code);
    },
  });
}

/** Download URL of the whole catalog as a spreadsheet. */
export function procedureExportUrl(format: 'xlsx' | 'csv'): string {
  return apiUrl('/admin/procedures/export', { format });
}

export interface UploadProgress {
  loaded: number;
  total: number | null;
  /** True once every byte was sent (the server is still working). */
  done: boolean;
}

/**
 * Import procedures from an .xlsx / .csv file (multipart: "dryRun" then "file").
 * Uses XMLHttpRequest for upload progress. Rejects with ApiError (problem+json) on failure.
 */
export function importProcedures(
  file: File,
  dryRun: boolean,
  onProgress?: (p: UploadProgress) => void,
  signal?: AbortSignal,
): Promise<ProcedureImportResult> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', apiUrl('/admin/procedures/import'));
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json, application/problem+json');
    const token = getCsrfToken();
    if (token) xhr.setRequestHeader('x-csrf-token', token);
    xhr.upload.onprogress = (e) => onProgress?.({ loaded: e.loaded, total: e.lengthComputable ? e.total : null, done: false });
    xhr.upload.onload = () => onProgress?.({ loaded: file.size, total: file.size, done: true });
    xhr.onerror = () =>
      reject(new ApiError(0, { title: 'Không kết nối được máy chủ', detail: 'Không kết nối được máy chủ. Vui lòng thử lại.', code: 'network' }));
    xhr.onabort = () => reject(new DOMException('Aborted', 'AbortError'));
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as ProcedureImportResult);
      else {
        const problem: Problem = { status: xhr.status, title: xhr.statusText, ...(body && typeof body === 'object' ? (body as Problem) : {}) };
        reject(new ApiError(xhr.status, problem));
      }
    };
    signal?.addEventListener('abort', () => xhr.abort());
    const form = new FormData();
    form.append('dryRun', dryRun ? 'true' : 'false');
    form.append('file', file, file.name);
    xhr.send(form);
  });
}
