import { Type } from 'typebox';
import { ROLES, USER_KINDS } from '../../../common/accounts';
import { OFFICER_ROLES } from '../../../common/workflow';
import { oneOf } from '../../platform/openapi';

export const RoleBinding = Type.Object({
  role: oneOf(ROLES), unitId: Type.Union([Type.String(), Type.Null()]),
  unitCode: Type.Union([Type.String(), Type.Null()]), unitName: Type.Union([Type.String(), Type.Null()]),
});
const NullableString = Type.Union([Type.String(), Type.Null()]);
export const Me = Type.Object({
  id: Type.String(), username: Type.String(), fullName: Type.String(),
  kind: oneOf(USER_KINDS),
  roles: Type.Array(RoleBinding), email: NullableString, phone: NullableString, idNumber: NullableString,
  /** When `idNumber` was verified; null while it is only declared (it then links no walk-in dossier). */
  idVerifiedAt: NullableString,
  birthDate: NullableString, address: NullableString,
  /** The account has a confirmed TOTP second factor. */
  totpEnabled: Type.Boolean(),
  /** The account must have one (admins): while it has none, only enrollment, `me` and logout answer. */
  totpRequired: Type.Boolean(),
  /** Roles delegated to this officer now (a leader away): acting on behalf of someone, until `endsAt`. */
  actingFor: Type.Array(Type.Object({
    role: oneOf(OFFICER_ROLES), unitId: Type.String(), unitName: Type.String(), endsAt: Type.String(),
    onBehalfOf: Type.Object({ id: Type.String(), fullName: Type.String() }),
  })),
});
export const SessionResponse = Type.Object({ user: Me, csrfToken: Type.String() });
const Password = Type.String({ minLength: 1, maxLength: 200 });
const TotpCode = Type.String({ pattern: '^\\s*[0-9]{3}\\s?[0-9]{3}\\s*$', description: 'Mã 6 chữ số của ứng dụng xác thực' });
export const LoginBody = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 100 }),
  password: Password,
  /** For scripts: the TOTP code in the same request, instead of the challenge step. */
  totpCode: Type.Optional(TotpCode),
}, { additionalProperties: false });
/** The password was right and the account has a second factor: answer the challenge at /auth/login/totp. */
export const TotpChallenge = Type.Object({
  totpRequired: Type.Literal(true), challenge: Type.String(), expiresAt: Type.String({ format: 'date-time' }),
});
export const LoginResponse = Type.Union([SessionResponse, TotpChallenge]);
export const LoginTotpBody = Type.Object({ challenge: Type.String({ minLength: 1, maxLength: 100 }), code: TotpCode }, { additionalProperties: false });
export const PasswordChangeBody = Type.Object({
  currentPassword: Password,
  newPassword: Type.String({ minLength: 1, maxLength: 200, description: 'Ít nhất 8 ký tự; không phải mật khẩu phổ biến; không chứa tên đăng nhập, họ tên hay tên hệ thống' }),
}, { additionalProperties: false });
export const TotpSetup = Type.Object({
  secret: Type.String({ description: 'Khóa bí mật (base32) để nhập tay vào ứng dụng xác thực' }),
  otpauthUrl: Type.String(), qrDataUrl: Type.String({ description: 'Mã QR của otpauthUrl (PNG, data URL)' }),
});
export const TotpCodeBody = Type.Object({ code: TotpCode }, { additionalProperties: false });
export const PasswordBody = Type.Object({ password: Password }, { additionalProperties: false });
export const SessionInfo = Type.Object({
  id: Type.String(), createdAt: Type.String(), lastSeenAt: Type.String(), expiresAt: Type.String(),
  userAgent: NullableString, ip: NullableString, current: Type.Boolean(),
});
export const RegisterBody = Type.Object({
  username: Type.String({ pattern: '^[a-zA-Z0-9._-]{3,50}$' }),
  password: Type.String({ minLength: 1, maxLength: 200, description: 'Ít nhất 8 ký tự; không phải mật khẩu phổ biến; không chứa tên đăng nhập, họ tên hay tên hệ thống' }),
  fullName: Type.String({ minLength: 2, maxLength: 200 }),
  email: Type.Optional(Type.String({ format: 'email', maxLength: 200 })),
  phone: Type.Optional(Type.String({ pattern: '^(\\+84|0)[0-9]{9,10}$' })),
  idNumber: Type.Optional(Type.String({ pattern: '^[0-9]{12}$' })),
  birthDate: Type.Optional(Type.String({ format: 'date' })),
  address: Type.Optional(Type.String({ maxLength: 500 })),
}, { additionalProperties: false });
export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const StaffList = Type.Object({
  items: Type.Array(Type.Object({
    id: Type.String(), username: Type.String(), fullName: Type.String(), kind: Type.String(),
    roles: Type.Array(Type.Object({ role: Type.String(), unitCode: NullableString, unitName: NullableString })),
    /** Sign-in locked (failed attempts) until then; an admin may unlock. */
    lockedUntil: NullableString,
    totpEnabled: Type.Boolean(),
  })),
});
