/** The public catalog: procedures, their fields, and the units that carry them out. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import type { ProcedureQuery } from '../api/queries';
import { queryKeys } from '../api/queryKeys';
import type { FieldRef, Items, Page, Procedure, ProcedureSummary, Unit } from '../api/types';

/** A page of the public catalog search. */
export function useProcedures(params: ProcedureQuery) {
  return useQuery({
    queryKey: queryKeys.procedures.list(params),
    queryFn: ({ signal }) => api<Page<ProcedureSummary>>('/procedures', { query: { ...params }, signal }),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

/** One procedure's public page (with its e-form and units). */
export function useProcedure(code: string | undefined) {
  return useQuery({
    queryKey: queryKeys.procedure(code ?? ''),
    queryFn: ({ signal }) => api<Procedure>(`/procedures/${encodeURIComponent(code ?? '')}`, { signal }),
    enabled: !!code,
    staleTime: 5 * 60_000,
  });
}

/** The procedure fields (lĩnh vực). */
export function useFields() {
  return useQuery({
    queryKey: queryKeys.fields,
    queryFn: ({ signal }) => api<Items<FieldRef>>('/fields', { signal }),
    staleTime: 30 * 60_000,
  });
}

/** The administrative units. */
export function useUnits() {
  return useQuery({
    queryKey: queryKeys.units,
    queryFn: ({ signal }) => api<Items<Unit>>('/units', { signal }),
    staleTime: 30 * 60_000,
  });
}
