import { Type } from 'typebox';
import { Offset } from '../../platform/openapi';

const Nullable = (t: ReturnType<typeof Type.String>) => Type.Union([t, Type.Null()]);
export const AuditQuery = Type.Object({
  actor: Type.Optional(Type.String({ maxLength: 100 })),
  action: Type.Optional(Type.String({ maxLength: 100 })),
  subject: Type.Optional(Type.String({ maxLength: 100 })),
  idNumber: Type.Optional(Type.String({ pattern: '^[0-9]{9,13}$' })),
  dossierCode: Type.Optional(Type.String({ maxLength: 64 })),
  from: Type.Optional(Type.String({ format: 'date' })),
  to: Type.Optional(Type.String({ format: 'date' })),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  offset: Offset,
});
export const Entry = Type.Object({
  seq: Type.Integer(), at: Type.String(),
  actor: Type.Union([Type.Object({ id: Type.String(), name: Nullable(Type.String()), username: Nullable(Type.String()) }), Type.Null()]),
  action: Type.String(), targetType: Nullable(Type.String()), targetId: Nullable(Type.String()),
  subject: Type.Union([Type.Object({ userId: Nullable(Type.String()), personId: Nullable(Type.String()), name: Nullable(Type.String()) }), Type.Null()]),
  ip: Nullable(Type.String()), requestId: Nullable(Type.String()), data: Type.Record(Type.String(), Type.Unknown()),
});
