/** Signing in and out, registration, and the signed-in user's own security (password, TOTP, sessions). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, setCsrfToken } from '../api/client';
import { queryKeys } from '../api/queryKeys';
import type { Items, LoginChallenge, RegisterInput, Session, SessionInfo, TotpSetup } from '../api/types';

/** Current session, or null when not logged in (401). Also stores the CSRF token. */
export function useSession() {
  return useQuery({
    queryKey: queryKeys.session,
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

/** Everything cached but the session: what the previous user saw must not show to the next. */
const notSession = (q: { queryKey: readonly unknown[] }) => q.queryKey[0] !== queryKeys.session[0];

/** A signed-in session replaces whatever the cache held for the previous user. */
function useStartSession() {
  const qc = useQueryClient();
  return (session: Session) => {
    setCsrfToken(session.csrfToken);
    qc.removeQueries({ predicate: notSession });
    qc.setQueryData(queryKeys.session, session);
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

/** Creates a citizen or business account and signs it in. */
export function useRegister() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: RegisterInput) => api<Session>('/auth/register', { method: 'POST', body: input }),
    onSuccess: (session) => {
      setCsrfToken(session.csrfToken);
      qc.setQueryData(queryKeys.session, session);
    },
  });
}

/** Signs out and forgets everything the cache held for this user. */
export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>('/auth/logout', { method: 'POST' }),
    onSettled: () => {
      setCsrfToken(null);
      qc.removeQueries({ predicate: notSession });
      qc.setQueryData(queryKeys.session, null);
    },
  });
}

/** Changes the password (the server ends the other sessions). */
export function useChangePassword() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { currentPassword: string; newPassword: string }) => api<void>('/account/password', { method: 'POST', body: input }),
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.mySessions }),
  });
}

/** Starts TOTP enrollment: the secret and QR code for the authenticator app. */
export function useTotpSetup() {
  return useMutation({ mutationFn: () => api<TotpSetup>('/account/totp/setup', { method: 'POST' }) });
}

/** Confirms enrollment with a first code. */
export function useTotpConfirm() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => api<void>('/account/totp/confirm', { method: 'POST', body: { code } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.session }),
  });
}

/** Removes the second factor (with the password). */
export function useTotpDisable() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (password: string) => api<void>('/account/totp/disable', { method: 'POST', body: { password } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.session }),
  });
}

/** The signed-in user's open sessions. */
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
