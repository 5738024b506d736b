import type { actingFor, findUserProfile, liveSessions, StaffRow } from './repo';

type Profile = NonNullable<Awaited<ReturnType<typeof findUserProfile>>>;

/** The signed-in user's own view of their account (their own personal data only), with the roles delegated to them now. */
export function presentMe({ user, roles }: Profile, totpEnabled: boolean, acting: Awaited<ReturnType<typeof actingFor>>) {
  return {
    id: user.id,
    username: user.username,
    fullName: user.full_name,
    kind: user.kind,
    roles: roles.map((r) => ({ role: r.role, unitId: r.unit_id, unitCode: r.unit_code, unitName: r.unit_name })),
    email: user.email,
    phone: user.phone,
    idNumber: user.id_number,
    /** When the ID number was verified (at the desk, or by an identity provider); null: only declared. */
    idVerifiedAt: user.id_verified_at?.toISOString() ?? null,
    birthDate: user.birth_date,
    address: user.address,
    totpEnabled,
    totpRequired: roles.some((r) => r.role === 'admin'),
    actingFor: acting.map((g) => ({
      role: g.role, unitId: g.unit_id, unitName: g.unit_name, endsAt: g.ends_at.toISOString(), onBehalfOf: { id: g.from_id, fullName: g.from_name },
    })),
  };
}

/** One of the user's sessions as its owner sees it (the public handle, never the token's hash). */
export function presentSession(s: Awaited<ReturnType<typeof liveSessions>>[number], currentSessionId: string) {
  return {
    id: s.handle, createdAt: s.created_at.toISOString(), lastSeenAt: s.last_seen_at.toISOString(), expiresAt: s.expires_at.toISOString(),
    userAgent: s.user_agent, ip: s.ip, current: s.id === currentSessionId,
  };
}

/** The staff list: one entry per officer with all their roles, their sign-in lock and second factor. */
export function presentStaff(rows: StaffRow[], locks: Map<string, Date>) {
  const byUser = new Map<string, {
    id: string; username: string; fullName: string; kind: string; roles: { role: string; unitCode: string | null; unitName: string | null }[];
    lockedUntil: string | null; totpEnabled: boolean;
  }>();
  for (const r of rows) {
    const u = byUser.get(r.id) ?? {
      id: r.id, username: r.username, fullName: r.full_name, kind: r.kind, roles: [],
      lockedUntil: locks.get(r.username.toLowerCase())?.toISOString() ?? null, totpEnabled: !!r.totp_enabled_at,
    };
    u.roles.push({ role: r.role, unitCode: r.unit_code, unitName: r.unit_name });
    byUser.set(r.id, u);
  }
  return [...byUser.values()];
}
