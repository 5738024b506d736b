/** The audit log (admins): search, and the check of its hash chain. */
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import { queryKeys } from '../api/queryKeys';
import type { AuditEntry, AuditQuery, AuditVerdict, Page } from '../api/types';

/** A page of audit entries matching the query. */
export function useAuditLog(query: AuditQuery) {
  return useQuery({
    queryKey: queryKeys.audit(query),
    queryFn: ({ signal }) => api<Page<AuditEntry>>('/admin/audit', { query: { ...query }, signal }),
    placeholderData: keepPreviousData,
    retry: false,
  });
}

/** Recomputes the hash chain on the server. */
export function useVerifyAudit() {
  return useMutation({ mutationFn: () => api<AuditVerdict>('/admin/audit/verify') });
}
