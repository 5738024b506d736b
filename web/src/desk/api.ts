/** The one-stop desk: the registry look-up, walk-in reception and the tracking book. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, apiUrl, orNullWhenMissing } from '../api/client';
import { queryKeys } from '../api/queryKeys';
import type { DeskDossierInput, Dossier, IdType, Person } from '../api/types';

/** Look a person / organisation up by ID number (desk). Resolves null when unknown (404). */
export function lookupPerson(idType: IdType, idNumber: string, signal?: AbortSignal): Promise<Person | null> {
  return orNullWhenMissing(api<Person>('/desk/people', { query: { idType, idNumber }, signal }));
}

/** Receive a dossier at the desk (accept, ask for a supplement, or refuse to receive). */
export function useCreateDeskDossier() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: DeskDossierInput) => api<Dossier>('/desk/dossiers', { method: 'POST', body: input }),
    onSuccess: (dossier) => {
      qc.setQueryData(queryKeys.dossier.detail(dossier.id), dossier);
      void qc.invalidateQueries({ queryKey: queryKeys.inbox.all });
    },
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
