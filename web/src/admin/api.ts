/** Administration of units and staff: units, their form lines and signing certificates; accounts and their locks. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, orNullWhenMissing } from '../api/client';
import { queryKeys } from '../api/queryKeys';
import type { AdminUnit, AdminUser, Items, ResponseOf, UnitCertificate } from '../api/types';

/** The lines a unit prints on its official forms: header, desk name, place of issue, contact for guidance. */
export type FormLines = ResponseOf<'/admin/units/{id}/forms', 'get'>;

/** Every unit, with its contact details. */
export function useAdminUnits() {
  return useQuery({
    queryKey: queryKeys.admin.units,
    queryFn: ({ signal }) => api<Items<AdminUnit>>('/admin/units', { signal }),
  });
}

/** Every account, with its roles, lock and second factor. */
export function useAdminUsers() {
  return useQuery({
    queryKey: queryKeys.admin.users,
    queryFn: ({ signal }) => api<Items<AdminUser>>('/admin/users', { signal }),
  });
}

/** Admin: lift a sign-in lock, or remove another account's TOTP (both audited). */
export function useAdminUserSecurity() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string; op: 'unlock' | 'totp-reset' }) =>
      api<unknown>(`/admin/users/${encodeURIComponent(input.id)}/${input.op === 'unlock' ? 'unlock' : 'totp/reset'}`, { method: 'POST' }),
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.admin.users }),
  });
}

/** A unit's form lines (loaded only while `unitId` is given). */
export function useUnitFormLines(unitId: string | null) {
  return useQuery({
    queryKey: queryKeys.admin.unitFormLines(unitId ?? ''),
    queryFn: ({ signal }) => api<FormLines>(`/admin/units/${encodeURIComponent(unitId ?? '')}/forms`, { signal }),
    enabled: !!unitId,
  });
}

/** Saves a unit's form lines. */
export function useSaveUnitFormLines(unitId: string | null) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (lines: FormLines) => api<FormLines>(`/admin/units/${encodeURIComponent(unitId ?? '')}/forms`, { method: 'PUT', body: lines }),
    onSuccess: (data) => {
      qc.setQueryData(queryKeys.admin.unitFormLines(unitId ?? ''), data);
    },
  });
}

/** A unit's signing certificate, or null when none was uploaded yet (404). */
export function useUnitCertificate(unitId: string | null) {
  return useQuery({
    queryKey: queryKeys.admin.unitCertificate(unitId ?? ''),
    queryFn: ({ signal }) => orNullWhenMissing(api<UnitCertificate>(`/admin/units/${encodeURIComponent(unitId ?? '')}/certificate`, { signal })),
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
      qc.setQueryData(queryKeys.admin.unitCertificate(unitId), cert);
    },
  });
}
