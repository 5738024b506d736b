import { Type } from 'typebox';

export const RoleBinding = Type.Object({
  role: Type.String(), unitId: Type.Union([Type.String(), Type.Null()]),
  unitCode: Type.Union([Type.String(), Type.Null()]), unitName: Type.Union([Type.String(), Type.Null()]),
});
const NullableString = Type.Union([Type.String(), Type.Null()]);
export const Me = Type.Object({
  id: Type.String(), username: Type.String(), fullName: Type.String(),
  kind: Type.Union([Type.Literal('citizen'), Type.Literal('business'), Type.Literal('officer')]),
  roles: Type.Array(RoleBinding), email: NullableString, phone: NullableString, idNumber: NullableString,
  /** When `idNumber` was verified; null while it is only declared (it then links no walk-in dossier). */
  idVerifiedAt: NullableString,
  birthDate: NullableString, address: NullableString,
  /** Roles delegated to this officer now (a leader away): acting on behalf of someone, until `endsAt`. */
  actingFor: Type.Array(Type.Object({
    role: Type.String(), unitId: Type.String(), unitName: Type.String(), endsAt: Type.String(),
    onBehalfOf: Type.Object({ id: Type.String(), fullName: Type.String() }),
  })),
});
export const SessionResponse = Type.Object({ user: Me, csrfToken: Type.String() });
export const LoginBody = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 100 }),
  password: Type.String({ minLength: 1, maxLength: 200 }),
}, { additionalProperties: false });
export const RegisterBody = Type.Object({
  username: Type.String({ pattern: '^[a-zA-Z0-9._-]{3,50}$' }),
  password: Type.String({ minLength: 8, maxLength: 200 }),
  fullName: Type.String({ minLength: 2, maxLength: 200 }),
  email: Type.Optional(Type.String({ format: 'email', maxLength: 200 })),
  phone: Type.Optional(Type.String({ pattern: '^(\\+84|0)[0-9]{9,10}$' })),
  idNumber: Type.Optional(Type.String({ pattern: '^[0-9]{12}$' })),
  birthDate: Type.Optional(Type.String({ format: 'date' })),
  address: Type.Optional(Type.String({ maxLength: 500 })),
}, { additionalProperties: false });
