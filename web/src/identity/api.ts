/** Identity: the citizen's one-time code, and the desk's verification of the ID number behind it. */
import { useMutation } from '@tanstack/react-query';
import { api } from '../api/client';
import type { CodeAccount, DeskCode, IdentityVerified } from '../api/types';

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
