import { Type } from 'typebox';

export const Identity = Type.Object({
  idNumber: Type.Union([Type.String(), Type.Null()]), verified: Type.Boolean(), verifiedAt: Type.Union([Type.String(), Type.Null()]),
  method: Type.Union([Type.Literal('desk'), Type.Literal('vneid'), Type.Literal('seed'), Type.Null()]),
});
export const CodeBody = Type.Object({ code: Type.String({ minLength: 1, maxLength: 20 }) }, { additionalProperties: false });
export const VerifyBody = Type.Object({
  code: Type.String({ minLength: 1, maxLength: 20 }),
  idNumber: Type.String({ pattern: '^[0-9]{12}$' }),
  birthDate: Type.Optional(Type.String({ format: 'date' })),
  unitId: Type.Optional(Type.String({ maxLength: 64 })),
}, { additionalProperties: false });
