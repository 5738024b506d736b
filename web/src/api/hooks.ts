/** TanStack Query hooks for every API resource the web front end uses. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, apiUrl, getCsrfToken, setCsrfToken } from './client';
import type { Problem } from './client';
import type {
  AdminProcedure,
  AdminProcedureSummary,
  AdminUnit,
  AdminUser,
  CalendarDayInput,
  CalendarImportResult,
  CalendarYear,
  BulkResult,
  DeadlineQuery,
  Delegation,
  DelegationInput,
  DossierProcess,
  InboxPage,
  InboxScope,
  UnitOfficer,
  WorkflowContext,
  WorkflowCopyResult,
  WorkflowDetail,
  WorkflowExport,
  WorkflowStatus,
  WorkflowSummary,
  DeadlineResult,
  DeskDossierInput,
  Dossier,
  DossierAction,
  DossierActionInput,
  DossierEvent,
  DossierFee,
  DossierFile,
  DossierForm,
  DossierResultFile,
  DossierSummary,
  FieldRef,
  Items,
  Page,
  Procedure,
  ProcedureImportResult,
  ProcedureInput,
  ProcedureSummary,
  ProcedureVersion,
  PublicDossier,
  RegisterInput,
  Session,
  LoginChallenge,
  SessionInfo,
  TotpSetup,
  StoredDocument,
  Unit,
  UnitCalendar,
  UnitCertificate,
  VerifyResult,
  HolidayFileDay,
  IdType,
  Person,
  AuditEntry,
  AuditQuery,
  AuditVerdict,
  CodeAccount,
  DeskCode,
  IdentityVerified,
  StoreConsent,
} from './types';

export const queryKeys = {
  me: ['me'] as const,
  procedures: (params: ProcedureQuery) => ['procedures', params] as const,
  procedure: (code: string) => ['procedure', code] as const,
  fields: ['fields'] as const,
  units: ['units'] as const,
  dossier: (id: string) => ['dossier', id] as const,
  dossierActions: (id: string) => ['dossier', id, 'actions'] as const,
  dossierEvents: (id: string) => ['dossier', id, 'events'] as const,
  dossierForms: (id: string) => ['dossier', id, 'forms'] as const,
  myDossiers: (params: PageQuery) => ['my-dossiers', params] as const,
  myDocuments: ['my-documents'] as const,
  dossierStore: (dossierId: string) => ['dossier-store', dossierId] as const,
  inbox: (params: InboxQuery) => ['inbox', params] as const,
  publicDossier: (code: string) => ['public-dossier', code] as const,
  admin: (what: string) => ['admin', what] as const,
  adminProcedures: (params: AdminProcedureQuery) => ['admin', 'procedures', params] as const,
  adminProcedure: (code: string) => ['admin', 'procedure', code] as const,
  procedureVersions: (code: string) => ['admin', 'procedure', code, 'versions'] as const,
  calendarDays: (year: number, unitId: string | null) => ['calendar', 'days', year, unitId ?? ''] as const,
  unitCalendar: (unitId: string) => ['calendar', 'unit', unitId] as const,
  unitCertificate: (unitId: string) => ['admin', 'unit-certificate', unitId] as const,
  adminWorkflows: (params: AdminWorkflowQuery) => ['admin', 'workflows', params] as const,
  adminWorkflow: (id: string) => ['admin', 'workflow', id] as const,
  workflowContext: (id: string) => ['admin', 'workflow', id, 'context'] as const,
  dossierProcess: (id: string) => ['dossier', id, 'process'] as const,
  unitOfficers: (unitId: string) => ['unit-officers', unitId] as const,
  delegations: ['delegations'] as const,
  mySessions: ['my-sessions'] as const,
};

export interface PageQuery {
  limit?: number;
  offset?: number;
}

export interface ProcedureQuery extends PageQuery {
  q?: string;
  unit?: string;
  field?: string;
  level?: string;
}

export interface AdminProcedureQuery extends PageQuery {
  q?: string;
  field?: string;
  published?: boolean;
}

export interface InboxQuery extends PageQuery {
  scope?: InboxScope;
  procedureCode?: string;
  status?: string;
  due?: 'soon' | 'overdue';
  /** Code or applicant's name (no diacritics needed). */
  q?: string;
  sort?: 'due' | 'submitted';
}

export interface AdminWorkflowQuery {
  procedureCode?: string;
  unitId?: string;
  status?: WorkflowStatus;
}

// ---- auth ----

/** Current session, or null when not logged in (401). Also stores the CSRF token. */
export function useSession() {
  return useQuery({
    queryKey: queryKeys.me,
    queryFn: async (): Promise<Session | null> => {
      try {
        const session = await api<Session>('/auth/me');
        setCsrfToken(session.csrfToken);
        return session;
      } catch (err) {
        if (err instanceof ApiError && (err.status === 401 || err.status === 403)) {
          setCsrfToken(null);
          return null;
        }
        throw err;
      }
    },
    staleTime: 5 * 60_000,
    retry: false,
  });
}

/** A signed-in session replaces whatever the cache held for the previous user. */
function useStartSession() {
  const qc = useQueryClient();
  return (session: Session) => {
    setCsrfToken(session.csrfToken);
    qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
    qc.setQueryData(queryKeys.me, session);
  };
}

/** Password step: a session, or a challenge when the account has TOTP (then `useLoginTotp`). */
export function useLogin() {
  const start = useStartSession();
  return useMutation({
    mutationFn: (input: { username: string; password: string }) =>
      api<Session | LoginChallenge>('/auth/login', { method: 'POST', body: input }),
    onSuccess: (result) => {
      if ('user' in result) start(result);
    },
  });
}

/** Second step: the challenge and the code from the authenticator app. */
export function useLoginTotp() {
  const start = useStartSession();
  return useMutation({
    mutationFn: (input: { challenge: string; code: string }) => api<Session>('/auth/login/totp', { method: 'POST', body: input }),
    onSuccess: start,
  });
}

export function useRegister() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: RegisterInput) => api<Session>('/auth/register', { method: 'POST', body: input }),
    onSuccess: (session) => {
      setCsrfToken(session.csrfToken);
      qc.setQueryData(queryKeys.me, session);
    },
  });
}

export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>('/auth/logout', { method: 'POST' }),
    onSettled: () => {
      setCsrfToken(null);
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
      qc.setQueryData(queryKeys.me, null);
    },
  });
}

// ---- account security ----

export function useChangePassword() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { currentPassword: string; newPassword: string }) => api<void>('/account/password', { method: 'POST', body: input }),
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.mySessions }),
  });
}

export function useTotpSetup() {
  return useMutation({ mutationFn: () => api<TotpSetup>('/account/totp/setup', { method: 'POST' }) });
}

export function useTotpConfirm() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => api<void>('/account/totp/confirm', { method: 'POST', body: { code } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.me }),
  });
}

export function useTotpDisable() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (password: string) => api<void>('/account/totp/disable', { method: 'POST', body: { password } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.me }),
  });
}

export function useMySessions(enabled = true) {
  return useQuery({
    queryKey: queryKeys.mySessions,
    queryFn: ({ signal }) => api<Items<SessionInfo>>('/account/sessions', { signal }),
    enabled,
  });
}

/** Ends one of my sessions (`id`), or every other one (no id). */
export function useEndSessions() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (id?: string) => {
      await api<unknown>(id ? `/account/sessions/${encodeURIComponent(id)}` : '/account/sessions', { method: 'DELETE' });
    },
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.mySessions }),
  });
}

/** Admin: lift a sign-in lock, or remove another account's TOTP (both audited). */
export function useAdminUserSecurity() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string; op: 'unlock' | 'totp-reset' }) =>
      api<unknown>(`/admin/users/${encodeURIComponent(input.id)}/${input.op === 'unlock' ? 'unlock' : 'totp/reset'}`, { method: 'POST' }),
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.admin('users') }),
  });
}

// ---- catalog ----

export function useProcedures(params: ProcedureQuery) {
  return useQuery({
    queryKey: queryKeys.procedures(params),
    queryFn: ({ signal }) => api<Page<ProcedureSummary>>('/procedures', { query: { ...params }, signal }),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

export function useProcedure(code: string | undefined) {
  return useQuery({
    queryKey: queryKeys.procedure(code ?? ''),
    queryFn: ({ signal }) => api<Procedure>(`/procedures/${encodeURIComponent(code ?? '')}`, { signal }),
    enabled: !!code,
    staleTime: 5 * 60_000,
  });
}

export function useFields() {
  return useQuery({
    queryKey: queryKeys.fields,
    queryFn: ({ signal }) => api<Items<FieldRef>>('/fields', { signal }),
    staleTime: 30 * 60_000,
  });
}

export function useUnits() {
  return useQuery({
    queryKey: queryKeys.units,
    queryFn: ({ signal }) => api<Items<Unit>>('/units', { signal }),
    staleTime: 30 * 60_000,
  });
}

// ---- dossiers ----

export function useDossier(id: string | undefined) {
  return useQuery({
    queryKey: queryKeys.dossier(id ?? ''),
    queryFn: ({ signal }) => api<Dossier>(`/dossiers/${encodeURIComponent(id ?? '')}`, { signal }),
    enabled: !!id,
  });
}

export function useDossierActions(id: string | undefined) {
  return useQuery({
    queryKey: queryKeys.dossierActions(id ?? ''),
    queryFn: ({ signal }) => api<Items<DossierAction> & { version: number }>(`/dossiers/${encodeURIComponent(id ?? '')}/actions`, { signal }),
    enabled: !!id,
  });
}

export function useDossierEvents(id: string | undefined) {
  return useQuery({
    queryKey: queryKeys.dossierEvents(id ?? ''),
    queryFn: ({ signal }) => api<Items<DossierEvent>>(`/dossiers/${encodeURIComponent(id ?? '')}/events`, { signal }),
    enabled: !!id,
  });
}

export function useMyDossiers(params: PageQuery, enabled = true) {
  return useQuery({
    queryKey: queryKeys.myDossiers(params),
    queryFn: ({ signal }) => api<Page<DossierSummary>>('/my/dossiers', { query: { ...params }, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useInbox(params: InboxQuery, enabled = true) {
  return useQuery({
    queryKey: queryKeys.inbox(params),
    queryFn: ({ signal }) => api<InboxPage>('/inbox', { query: { ...params }, signal }),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
    enabled,
  });
}

/** Take a pool task (409 `task_taken` when someone else has it). */
export function useClaimTask() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (taskId: string) => api<unknown>(`/tasks/${encodeURIComponent(taskId)}/claim`, { method: 'POST' }),
    onSettled: () => qc.invalidateQueries({ queryKey: ['inbox'] }),
  });
}

/** Give a claimed task back to the pool. */
export function useReleaseTask() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (taskId: string) => api<unknown>(`/tasks/${encodeURIComponent(taskId)}/release`, { method: 'POST' }),
    onSettled: () => qc.invalidateQueries({ queryKey: ['inbox'] }),
  });
}

/** A leader (re)assigns a task of their unit to an officer. */
export function useAssignTask() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { taskId: string; userId: string }) =>
      api<unknown>(`/tasks/${encodeURIComponent(input.taskId)}/assign`, { method: 'POST', body: { userId: input.userId } }),
    onSettled: () => qc.invalidateQueries({ queryKey: ['inbox'] }),
  });
}

/** One action on many dossiers, each in its own transaction. */
export function useBulkAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { action: string; items: { dossierId: string; version: number }[]; comment?: string }) =>
      api<Items<BulkResult>>('/inbox/bulk', { method: 'POST', body: input }),
    onSettled: () =>
      Promise.all([qc.invalidateQueries({ queryKey: ['inbox'] }), qc.invalidateQueries({ queryKey: ['dossier'] })]),
  });
}

/** The officers of a unit with their roles there. */
export function useUnitOfficers(unitId: string | null | undefined) {
  return useQuery({
    queryKey: queryKeys.unitOfficers(unitId ?? ''),
    queryFn: ({ signal }) => api<Items<UnitOfficer>>(`/units/${encodeURIComponent(unitId ?? '')}/officers`, { signal }),
    enabled: !!unitId,
    staleTime: 5 * 60_000,
  });
}

export function useDelegations(enabled = true) {
  return useQuery({
    queryKey: queryKeys.delegations,
    queryFn: ({ signal }) => api<Items<Delegation>>('/delegations', { signal }),
    enabled,
  });
}

export function useCreateDelegation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: DelegationInput) => api<Delegation>('/delegations', { method: 'POST', body: input }),
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.delegations }),
  });
}

export function useDeleteDelegation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/delegations/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.delegations }),
  });
}

/** The dossier's workflow with the path taken so far (404 when the server has none). */
export function useDossierProcess(id: string | undefined) {
  return useQuery({
    queryKey: queryKeys.dossierProcess(id ?? ''),
    queryFn: ({ signal }) => api<DossierProcess>(`/dossiers/${encodeURIComponent(id ?? '')}/process`, { signal }),
    enabled: !!id,
  });
}

export function usePublicDossier(code: string | undefined) {
  return useQuery({
    queryKey: queryKeys.publicDossier(code ?? ''),
    queryFn: ({ signal }) => api<PublicDossier>(`/public/dossiers/${encodeURIComponent(code ?? '')}`, { signal }),
    enabled: !!code,
    retry: false,
  });
}

/** Create a dossier (POST /dossiers). */
export function createDossier(input: { procedureCode: string; unitId: string; formData: unknown }) {
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

/** The stored documents of a walk-in applicant (desk officers only). */
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
      qc.setQueryData(queryKeys.dossier(id), dossier);
    },
    onSettled: () => invalidateDossier(qc, id),
  });
}

/** Invalidate everything that depends on a dossier's state. */
export function invalidateDossier(qc: ReturnType<typeof useQueryClient>, id: string) {
  return Promise.all([
    qc.invalidateQueries({ queryKey: queryKeys.dossier(id) }),
    qc.invalidateQueries({ queryKey: queryKeys.dossierProcess(id) }),
    qc.invalidateQueries({ queryKey: ['inbox'] }),
    qc.invalidateQueries({ queryKey: ['my-dossiers'] }),
  ]);
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

/** A unit's signing certificate, or null when none was uploaded yet (404). */
export function useUnitCertificate(unitId: string | null) {
  return useQuery({
    queryKey: queryKeys.unitCertificate(unitId ?? ''),
    queryFn: async ({ signal }): Promise<UnitCertificate | null> => {
      try {
        return await api<UnitCertificate>(`/admin/units/${encodeURIComponent(unitId ?? '')}/certificate`, { signal });
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) return null;
        throw err;
      }
    },
    enabled: !!unitId,
    retry: false,
  });
}

/** Replace a unit's certificate (multipart: "passphrase" first, then "file" .p12/.pfx). */
export function useUploadUnitCertificate(unitId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { file: File; passphrase: string }) => {
      const form = new FormData();
      form.append('passphrase', input.passphrase);
      form.append('file', input.file, input.file.name);
      return api<UnitCertificate>(`/admin/units/${encodeURIComponent(unitId)}/certificate`, { method: 'PUT', body: form });
    },
    onSuccess: (cert) => {
      qc.setQueryData(queryKeys.unitCertificate(unitId), cert);
    },
  });
}

// ---- desk reception, forms, fees, tracking book ----

/** Look a person / organisation up by ID number (desk). Resolves null when unknown (404). */
export async function lookupPerson(idType: IdType, idNumber: string, signal?: AbortSignal): Promise<Person | null> {
  try {
    return await api<Person>('/desk/people', { query: { idType, idNumber }, signal });
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null;
    throw err;
  }
}

/** Receive a dossier at the desk (accept, ask for a supplement, or refuse to receive). */
export function useCreateDeskDossier() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: DeskDossierInput) => api<Dossier>('/desk/dossiers', { method: 'POST', body: input }),
    onSuccess: (dossier) => {
      qc.setQueryData(queryKeys.dossier(dossier.id), dossier);
      void qc.invalidateQueries({ queryKey: ['inbox'] });
    },
  });
}

/** The one-stop forms (Mẫu 01–06) of a dossier and which of them apply now. */
export function useDossierForms(id: string | undefined, enabled = true) {
  return useQuery({
    queryKey: queryKeys.dossierForms(id ?? ''),
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

export interface TrackingBookQuery {
  unitId: string;
  field?: string;
  from: string;
  to: string;
  format: 'pdf' | 'xlsx';
}

/** Download URL of the tracking book (Mẫu 07). */
export function trackingBookUrl(q: TrackingBookQuery): string {
  return apiUrl('/desk/tracking-book', { ...q });
}

// ---- admin: units and staff ----

export function useAdminUnits() {
  return useQuery({
    queryKey: queryKeys.admin('units'),
    queryFn: ({ signal }) => api<Items<AdminUnit>>('/admin/units', { signal }),
  });
}

export function useAdminUsers() {
  return useQuery({
    queryKey: queryKeys.admin('users'),
    queryFn: ({ signal }) => api<Items<AdminUser>>('/admin/users', { signal }),
  });
}

// ---- workflow administration (versions, designer) ----

export function useAdminWorkflows(params: AdminWorkflowQuery = {}) {
  return useQuery({
    queryKey: queryKeys.adminWorkflows(params),
    queryFn: ({ signal }) => api<Items<WorkflowSummary>>('/admin/workflows', { query: { ...params }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useAdminWorkflow(id: string | undefined) {
  return useQuery({
    queryKey: queryKeys.adminWorkflow(id ?? ''),
    queryFn: ({ signal }) => api<WorkflowDetail>(`/admin/workflows/${encodeURIComponent(id ?? '')}`, { signal }),
    enabled: !!id,
  });
}

export function useWorkflowContext(id: string | undefined) {
  return useQuery({
    queryKey: queryKeys.workflowContext(id ?? ''),
    queryFn: ({ signal }) => api<WorkflowContext>(`/admin/workflows/${encodeURIComponent(id ?? '')}/context`, { signal }),
    enabled: !!id,
    staleTime: 60_000,
  });
}

/** After any change to a workflow: the lists, and that workflow when given. */
function invalidateWorkflows(qc: ReturnType<typeof useQueryClient>, id?: string) {
  return Promise.all([
    qc.invalidateQueries({ queryKey: ['admin', 'workflows'] }),
    ...(id ? [qc.invalidateQueries({ queryKey: queryKeys.adminWorkflow(id) })] : []),
  ]);
}

/** Create a draft: a copy of `basedOn`, of the given definition, or of the published version (409 `draft_exists`). */
export function useCreateWorkflow() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { procedureCode: string; unitId: string; basedOn?: string; definition?: unknown }) =>
      api<WorkflowDetail>('/admin/workflows', { method: 'POST', body: input }),
    onSuccess: (w) => {
      qc.setQueryData(queryKeys.adminWorkflow(w.id), w);
      void invalidateWorkflows(qc);
    },
  });
}

/** Save a draft's definition (incomplete drafts are allowed). */
export function useSaveWorkflow(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (definition: unknown) =>
      api<WorkflowDetail>(`/admin/workflows/${encodeURIComponent(id)}`, { method: 'PUT', body: { definition } }),
    onSuccess: (w) => {
      qc.setQueryData(queryKeys.adminWorkflow(id), w);
      void qc.invalidateQueries({ queryKey: ['admin', 'workflows'] });
    },
  });
}

/** Publish a draft (422 `workflow_invalid` with errors per node key). */
export function usePublishWorkflow(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<WorkflowDetail>(`/admin/workflows/${encodeURIComponent(id)}/publish`, { method: 'POST' }),
    onSuccess: (w) => {
      qc.setQueryData(queryKeys.adminWorkflow(id), w);
      void qc.invalidateQueries({ queryKey: ['admin', 'workflows'] });
      void qc.invalidateQueries({ queryKey: ['admin', 'workflow'] });
    },
  });
}

export function useDeleteWorkflow() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/admin/workflows/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: (_, id) => {
      qc.removeQueries({ queryKey: queryKeys.adminWorkflow(id) });
      void invalidateWorkflows(qc);
    },
  });
}

/** Copy a workflow to other units, as drafts or (with `publish` and no issues) published. */
export function useCopyWorkflow(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { unitIds: string[]; publish: boolean }) =>
      api<Items<WorkflowCopyResult>>(`/admin/workflows/${encodeURIComponent(id)}/copy`, { method: 'POST', body: input }),
    onSettled: () => invalidateWorkflows(qc),
  });
}

/** A draft at a unit from an exported document. */
export function useImportWorkflow() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { unitId: string; document: WorkflowExport }) =>
      api<WorkflowDetail>('/admin/workflows/import', { method: 'POST', body: input }),
    onSettled: () => invalidateWorkflows(qc),
  });
}

/** The export document of a workflow (for download). */
export function fetchWorkflowExport(id: string) {
  return api<WorkflowExport>(`/admin/workflows/${encodeURIComponent(id)}/export`);
}

// ---- working calendar ----

/** Every date of a year with its kind (national calendar, or a unit's when unitId is given). */
export function useCalendarDays(year: number, unitId: string | null) {
  return useQuery({
    queryKey: queryKeys.calendarDays(year, unitId),
    queryFn: ({ signal }) => api<CalendarYear>('/calendar/days', { query: { year, unitId }, signal }),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

/** Compute a due date (GET /calendar/deadline). */
export function useComputeDeadline() {
  return useMutation({
    mutationFn: (q: DeadlineQuery) => api<DeadlineResult>('/calendar/deadline', { query: { ...q } }),
  });
}

/** Mark a date as a national holiday or swapped working day. */
export function useSetCalendarDay() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CalendarDayInput & { date: string }) =>
      api<{ date: string; kind: string; name: string }>(`/admin/calendar/days/${encodeURIComponent(input.date)}`, {
        method: 'PUT',
        body: { kind: input.kind, name: input.name },
      }),
    onSettled: () => qc.invalidateQueries({ queryKey: ['calendar'] }),
  });
}

/** Return a date to its normal weekly kind. */
export function useResetCalendarDay() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (date: string) => api<void>(`/admin/calendar/days/${encodeURIComponent(date)}`, { method: 'DELETE' }),
    onSettled: () => qc.invalidateQueries({ queryKey: ['calendar'] }),
  });
}

/** Import national holidays (dry run first, then for real). */
export function useImportCalendar() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { dryRun: boolean; days: HolidayFileDay[] }) =>
      api<CalendarImportResult>('/admin/calendar/import', { method: 'POST', body: input }),
    onSuccess: (res) => {
      if (!res.dryRun) void qc.invalidateQueries({ queryKey: ['calendar'] });
    },
  });
}

/** A unit's weekly office hours and own closures. */
export function useUnitCalendar(unitId: string | null) {
  return useQuery({
    queryKey: queryKeys.unitCalendar(unitId ?? ''),
    queryFn: ({ signal }) => api<UnitCalendar>(`/admin/units/${encodeURIComponent(unitId ?? '')}/calendar`, { signal }),
    enabled: !!unitId,
  });
}

export function useSaveUnitCalendar(unitId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: Pick<UnitCalendar, 'weekly' | 'closures'>) =>
      api<UnitCalendar>(`/admin/units/${encodeURIComponent(unitId)}/calendar`, { method: 'PUT', body: input }),
    onSuccess: (cal) => {
      qc.setQueryData(queryKeys.unitCalendar(unitId), cal);
    },
    onSettled: () => qc.invalidateQueries({ queryKey: ['calendar', 'days'] }),
  });
}

// ---- procedure administration ----

export function useAdminProcedures(params: AdminProcedureQuery) {
  return useQuery({
    queryKey: queryKeys.adminProcedures(params),
    queryFn: ({ signal }) => api<Page<AdminProcedureSummary>>('/admin/procedures', { query: { ...params }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useAdminProcedure(code: string | undefined) {
  return useQuery({
    queryKey: queryKeys.adminProcedure(code ?? ''),
    queryFn: ({ signal }) => api<AdminProcedure>(`/admin/procedures/${encodeURIComponent(code ?? '')}`, { signal }),
    enabled: !!code,
  });
}

export function useProcedureVersions(code: string | undefined) {
  return useQuery({
    queryKey: queryKeys.procedureVersions(code ?? ''),
    queryFn: ({ signal }) => api<Items<ProcedureVersion>>(`/admin/procedures/${encodeURIComponent(code ?? '')}/versions`, { signal }),
    enabled: !!code,
  });
}

/** Everything that shows procedures (admin list, public catalog) after a change. */
function invalidateProcedures(qc: ReturnType<typeof useQueryClient>, code?: string) {
  return Promise.all([
    qc.invalidateQueries({ queryKey: ['admin', 'procedures'] }),
    qc.invalidateQueries({ queryKey: ['procedures'] }),
    ...(code
      ? [qc.invalidateQueries({ queryKey: queryKeys.procedure(code) }), qc.invalidateQueries({ queryKey: queryKeys.procedureVersions(code) })]
      : []),
  ]);
}

/** Create (POST, when `expectedVersion` is absent) or update (PUT) a procedure. */
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
      qc.setQueryData(queryKeys.adminProcedure(p.code), p);
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
      qc.setQueryData(queryKeys.adminProcedure(p.code), p);
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
      qc.setQueryData(queryKeys.adminProcedure(p.code), p);
      void invalidateProcedures(qc, p.code);
    },
  });
}

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

// ---- identity: the citizen's code, the desk's verification ----

/** A one-time code the citizen shows at the desk to have their ID number verified. */
export function useDeskCode() {
  return useMutation({ mutationFn: () => api<DeskCode>('/my/identity/desk-code', { method: 'POST' }) });
}

/** The desk looks up the account behind a code. */
export function useCodeLookup() {
  return useMutation({ mutationFn: (code: string) => api<CodeAccount>('/desk/identity/lookup', { method: 'POST', body: { code } }) });
}

/** The desk verifies the account's ID number against the card it has seen. */
export function useVerifyIdentity() {
  return useMutation({
    mutationFn: (input: { code: string; idNumber: string; birthDate?: string }) =>
      api<IdentityVerified>('/desk/identity/verify', { method: 'POST', body: input }),
  });
}

// ---- audit log (admins) ----

export function useAuditLog(query: AuditQuery) {
  return useQuery({
    queryKey: ['audit', query],
    queryFn: ({ signal }) => api<Page<AuditEntry>>('/admin/audit', { query: { ...query }, signal }),
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export function useVerifyAudit() {
  return useMutation({ mutationFn: () => api<AuditVerdict>('/admin/audit/verify') });
}
