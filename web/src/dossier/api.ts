/**
 * A dossier and what hangs on it: detail, actions, timeline, files, the applicant's store, fees, forms,
 * the result, the process diagram; the applicant's lists; the public lookup and signature check.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api, apiUrl } from '../api/client';
import type { PageQuery } from '../api/queries';
import { queryKeys } from '../api/queryKeys';
import type {
  Dossier, DossierAction, DossierActionInput, DossierEvent, DossierFee, DossierFile, DossierForm, DossierProcess,
  DossierResultFile, DossierSummary, Items, Page, PublicDossier, StoreConsent, StoredDocument, VerifyResult,
} from '../api/types';

/** Invalidate everything that depends on a dossier's state. */
export function invalidateDossier(qc: QueryClient, id: string) {
  return Promise.all([
    qc.invalidateQueries({ queryKey: queryKeys.dossier.detail(id) }),
    qc.invalidateQueries({ queryKey: queryKeys.dossier.process(id) }),
    qc.invalidateQueries({ queryKey: queryKeys.inbox.all }),
    qc.invalidateQueries({ queryKey: queryKeys.myDossiers.all }),
  ]);
}

/** A dossier the user may read. */
export function useDossier(id: string | undefined) {
  return useQuery({
    queryKey: queryKeys.dossier.detail(id ?? ''),
    queryFn: ({ signal }) => api<Dossier>(`/dossiers/${encodeURIComponent(id ?? '')}`, { signal }),
    enabled: !!id,
  });
}

/** The actions the user may take on the dossier now, for the version they were computed for. */
export function useDossierActions(id: string | undefined) {
  return useQuery({
    queryKey: queryKeys.dossier.actions(id ?? ''),
    queryFn: ({ signal }) => api<Items<DossierAction> & { version: number }>(`/dossiers/${encodeURIComponent(id ?? '')}/actions`, { signal }),
    enabled: !!id,
  });
}

/** The dossier's timeline. */
export function useDossierEvents(id: string | undefined) {
  return useQuery({
    queryKey: queryKeys.dossier.events(id ?? ''),
    queryFn: ({ signal }) => api<Items<DossierEvent>>(`/dossiers/${encodeURIComponent(id ?? '')}/events`, { signal }),
    enabled: !!id,
  });
}

/** Run a workflow action on a dossier; invalidates the dossier, its actions/events and the lists. */
export function useDossierAction(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: DossierActionInput) =>
      api<Dossier>(`/dossiers/${encodeURIComponent(id)}/actions/${encodeURIComponent(input.action)}`, {
        method: 'POST',
        body: {
          version: input.version,
          ...(input.comment ? { comment: input.comment } : {}),
          ...(input.newDueAt ? { newDueAt: input.newDueAt } : {}),
          ...(input.returnMethod ? { returnMethod: input.returnMethod } : {}),
          ...(input.recipientName ? { recipientName: input.recipientName } : {}),
        },
      }),
    onSuccess: (dossier) => {
      qc.setQueryData(queryKeys.dossier.detail(id), dossier);
    },
    onSettled: () => invalidateDossier(qc, id),
  });
}

/** The dossier's workflow with the path taken so far (404 when the server has none). */
export function useDossierProcess(id: string | undefined) {
  return useQuery({
    queryKey: queryKeys.dossier.process(id ?? ''),
    queryFn: ({ signal }) => api<DossierProcess>(`/dossiers/${encodeURIComponent(id ?? '')}/process`, { signal }),
    enabled: !!id,
  });
}

/** The signed-in applicant's dossiers. */
export function useMyDossiers(params: PageQuery, enabled = true) {
  return useQuery({
    queryKey: queryKeys.myDossiers.list(params),
    queryFn: ({ signal }) => api<Page<DossierSummary>>('/my/dossiers', { query: { ...params }, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** After an applicant submitted: their list, and their store (supplied documents are kept there). */
export function invalidateMyDossiers(qc: QueryClient) {
  return Promise.all([
    qc.invalidateQueries({ queryKey: queryKeys.myDossiers.all }),
    qc.invalidateQueries({ queryKey: queryKeys.myDocuments }),
  ]);
}

/** The public status lookup by dossier code. */
export function usePublicDossier(code: string | undefined) {
  return useQuery({
    queryKey: queryKeys.publicDossier(code ?? ''),
    queryFn: ({ signal }) => api<PublicDossier>(`/public/dossiers/${encodeURIComponent(code ?? '')}`, { signal }),
    enabled: !!code,
    retry: false,
  });
}

/** Create a dossier (POST /dossiers). */
export function createDossier(input: { procedureCode: string; unitId: string; formData: Record<string, unknown> }) {
  return api<Dossier>('/dossiers', { method: 'POST', body: input });
}

/** Upload one file to a dossier (multipart, field "file"). */
export function uploadDossierFile(dossierId: string, file: File, label?: string) {
  const form = new FormData();
  if (label) form.append('label', label);
  form.append('file', file, file.name);
  return api<DossierFile>(`/dossiers/${encodeURIComponent(dossierId)}/files`, { method: 'POST', body: form });
}

/** Attach a document from the applicant's store to a dossier without uploading it again. */
export function reuseDossierFile(dossierId: string, documentId: string, label?: string) {
  return api<DossierFile>(`/dossiers/${encodeURIComponent(dossierId)}/files/reuse`, {
    method: 'POST',
    body: { documentId, ...(label ? { label } : {}) },
  });
}

// ---- store of digitised documents (Decree 45/2020: data once supplied is not asked for again) ----

/** The signed-in applicant's stored documents. */
export function useMyDocuments(enabled = true) {
  return useQuery({
    queryKey: queryKeys.myDocuments,
    queryFn: ({ signal }) => api<Items<StoredDocument>>('/my/documents', { signal }),
    enabled,
    retry: false,
  });
}

/** Download URL of a stored document of the signed-in applicant. */
export function myDocumentFileUrl(id: string): string {
  return apiUrl(`/my/documents/${encodeURIComponent(id)}/file`);
}

/** The applicant's store, offered for one dossier (officers: after the applicant's consent is recorded). */
export function useDossierStore(dossierId: string | null) {
  return useQuery({
    queryKey: queryKeys.dossierStore(dossierId ?? ''),
    queryFn: ({ signal }) => api<Items<StoredDocument>>(`/dossiers/${encodeURIComponent(dossierId ?? '')}/store`, { signal }),
    enabled: !!dossierId,
    retry: false,
  });
}

/** Records that the applicant agreed to the reuse of their stored documents for this dossier. */
export function recordStoreConsent(dossierId: string, comment?: string) {
  return api<StoreConsent>(`/dossiers/${encodeURIComponent(dossierId)}/store-consent`, { method: 'POST', body: comment ? { comment } : {} });
}

// ---- one-stop forms and fees ----

/** The one-stop forms (Mẫu 01–06) of a dossier and which of them apply now. */
export function useDossierForms(id: string | undefined, enabled = true) {
  return useQuery({
    queryKey: queryKeys.dossier.forms(id ?? ''),
    queryFn: ({ signal }) => api<Items<DossierForm>>(`/dossiers/${encodeURIComponent(id ?? '')}/forms`, { signal }),
    enabled: !!id && enabled,
  });
}

/** PDF of a one-stop form (no = "01" … "06"). */
export function dossierFormUrl(id: string, no: string, set?: 'tt03-2025' | 'tt01-2018'): string {
  return apiUrl(`/dossiers/${encodeURIComponent(id)}/forms/${encodeURIComponent(no)}`, { set });
}

/** Record a fee collected at the desk. */
export function useAddDossierFee(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; amount: number; receiptNumber: string }) =>
      api<DossierFee>(`/dossiers/${encodeURIComponent(id)}/fees`, { method: 'POST', body: input }),
    onSettled: () => invalidateDossier(qc, id),
  });
}

// ---- result document, e-signature and public verification ----

/** Download URL of a dossier's result (the signed PDF once the leader approved). */
export function dossierResultUrl(id: string): string {
  return apiUrl(`/dossiers/${encodeURIComponent(id)}/result`);
}

/** Upload the result document (PDF, multipart field "file"); refetches the dossier. */
export function useUploadDossierResult(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return api<DossierResultFile>(`/dossiers/${encodeURIComponent(id)}/result`, { method: 'POST', body: form });
    },
    onSettled: () => invalidateDossier(qc, id),
  });
}

/** Check the digital signature of any PDF (public, multipart field "file"). */
export function useVerifyDocument() {
  return useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return api<VerifyResult>('/public/verify', { method: 'POST', body: form });
    },
  });
}

