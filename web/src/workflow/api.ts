/** Workflow administration: versions, the designer's context, drafts, publication, copy, export and import. */
import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '../api/client';
import type { AdminWorkflowQuery } from '../api/queries';
import { queryKeys } from '../api/queryKeys';
import type { Items, WorkflowContext, WorkflowCopyResult, WorkflowDetail, WorkflowExport, WorkflowSummary } from '../api/types';

/** Every workflow version, filtered. */
export function useAdminWorkflows(params: AdminWorkflowQuery = {}) {
  return useQuery({
    queryKey: queryKeys.admin.workflows.list(params),
    queryFn: ({ signal }) => api<Items<WorkflowSummary>>('/admin/workflows', { query: { ...params }, signal }),
    placeholderData: keepPreviousData,
  });
}

/** One workflow version with its validation issues. */
export function useAdminWorkflow(id: string | undefined) {
  return useQuery({
    queryKey: queryKeys.admin.workflow.detail(id ?? ''),
    queryFn: ({ signal }) => api<WorkflowDetail>(`/admin/workflows/${encodeURIComponent(id ?? '')}`, { signal }),
    enabled: !!id,
  });
}

/** What the designer needs: units, officers, form fields, the legal time. */
export function useWorkflowContext(id: string | undefined) {
  return useQuery({
    queryKey: queryKeys.admin.workflow.context(id ?? ''),
    queryFn: ({ signal }) => api<WorkflowContext>(`/admin/workflows/${encodeURIComponent(id ?? '')}/context`, { signal }),
    enabled: !!id,
    staleTime: 60_000,
  });
}

/** After any change to a workflow: the lists, and that workflow when given. */
function invalidateWorkflows(qc: QueryClient, id?: string) {
  return Promise.all([
    qc.invalidateQueries({ queryKey: queryKeys.admin.workflows.all }),
    ...(id ? [qc.invalidateQueries({ queryKey: queryKeys.admin.workflow.detail(id) })] : []),
  ]);
}

/** Create a draft: a copy of `basedOn`, of the given definition, or of the published version (409 `draft_exists`). */
export function useCreateWorkflow() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { procedureCode: string; unitId: string; basedOn?: string; definition?: Record<string, unknown> }) =>
      api<WorkflowDetail>('/admin/workflows', { method: 'POST', body: input }),
    onSuccess: (w) => {
      qc.setQueryData(queryKeys.admin.workflow.detail(w.id), w);
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
      qc.setQueryData(queryKeys.admin.workflow.detail(id), w);
      void qc.invalidateQueries({ queryKey: queryKeys.admin.workflows.all });
    },
  });
}

/** Publish a draft (422 `workflow_invalid` with errors per node key). */
export function usePublishWorkflow(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<WorkflowDetail>(`/admin/workflows/${encodeURIComponent(id)}/publish`, { method: 'POST' }),
    onSuccess: (w) => {
      qc.setQueryData(queryKeys.admin.workflow.detail(id), w);
      void qc.invalidateQueries({ queryKey: queryKeys.admin.workflows.all });
      // The version it replaces is retired.
      void qc.invalidateQueries({ queryKey: queryKeys.admin.workflow.all });
    },
  });
}

/** Delete a draft. */
export function useDeleteWorkflow() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/admin/workflows/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: (_, id) => {
      qc.removeQueries({ queryKey: queryKeys.admin.workflow.detail(id) });
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
    mutationFn: (input: { unitId: string; document: unknown }) =>
      api<WorkflowDetail>('/admin/workflows/import', { method: 'POST', body: input }),
    onSettled: () => invalidateWorkflows(qc),
  });
}

/** The export document of a workflow (for download). */
export function fetchWorkflowExport(id: string) {
  return api<WorkflowExport>(`/admin/workflows/${encodeURIComponent(id)}/export`);
}
