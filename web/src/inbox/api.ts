/** The officers' inbox: tasks to take, give back or assign, bulk actions, unit officers and delegations. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client';
import type { InboxQuery } from '../api/queries';
import { queryKeys } from '../api/queryKeys';
import type { BulkResult, Delegation, DelegationInput, InboxPage, Items, UnitOfficer } from '../api/types';

/** A page of the inbox with its counters (refreshed every minute). */
export function useInbox(params: InboxQuery, enabled = true) {
  return useQuery({
    queryKey: queryKeys.inbox.list(params),
    queryFn: ({ signal }) => api<InboxPage>('/inbox', { query: { ...params }, signal }),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
    enabled,
  });
}

/** A change to one task: the inbox is refetched, whatever the outcome. */
function useTaskMutation<I>(request: (input: I) => Promise<unknown>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.inbox.all }),
  });
}

/** Take a pool task (409 `task_taken` when someone else has it). */
export function useClaimTask() {
  return useTaskMutation((taskId: string) => api<unknown>(`/tasks/${encodeURIComponent(taskId)}/claim`, { method: 'POST' }));
}

/** Give a claimed task back to the pool. */
export function useReleaseTask() {
  return useTaskMutation((taskId: string) => api<unknown>(`/tasks/${encodeURIComponent(taskId)}/release`, { method: 'POST' }));
}

/** A leader (re)assigns a task of their unit to an officer. */
export function useAssignTask() {
  return useTaskMutation((input: { taskId: string; userId: string }) =>
    api<unknown>(`/tasks/${encodeURIComponent(input.taskId)}/assign`, { method: 'POST', body: { userId: input.userId } }));
}

/** One action on many dossiers, each in its own transaction. */
export function useBulkAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { action: string; items: { dossierId: string; version: number }[]; comment?: string }) =>
      api<Items<BulkResult>>('/inbox/bulk', { method: 'POST', body: input }),
    onSettled: () =>
      Promise.all([qc.invalidateQueries({ queryKey: queryKeys.inbox.all }), qc.invalidateQueries({ queryKey: queryKeys.dossier.all })]),
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

/** The delegations the signed-in officer gave or received. */
export function useDelegations(enabled = true) {
  return useQuery({
    queryKey: queryKeys.delegations,
    queryFn: ({ signal }) => api<Items<Delegation>>('/delegations', { signal }),
    enabled,
  });
}

/** A leader delegates their role at a unit for a period. */
export function useCreateDelegation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: DelegationInput) => api<Delegation>('/delegations', { method: 'POST', body: input }),
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.delegations }),
  });
}

/** Ends a delegation early. */
export function useDeleteDelegation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/delegations/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.delegations }),
  });
}
