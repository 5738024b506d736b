import type { findUserProfile } from './repo';

type Profile = NonNullable<Awaited<ReturnType<typeof findUserProfile>>>;

/** The signed-in user's own view of their account (their own personal data only). */
export function presentMe({ user, roles }: Profile, totpEnabled: boolean) {
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
  };
}
