import { Type } from 'typebox';
import { oneOf } from '../../platform/openapi';

const SETS = ['tt03-2025', 'tt01-2018'] as const;
export const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
export const UnitParams = Type.Object({ id: Type.String() });
export const FormSettings = Type.Object({
  parentName: Type.String({ minLength: 1, maxLength: 200 }), deskName: Type.String({ minLength: 1, maxLength: 200 }),
  place: Type.String({ minLength: 1, maxLength: 100 }), numberSuffix: Type.Optional(Type.String({ maxLength: 60 })),
  contactName: Type.Optional(Type.String({ maxLength: 200 })), contactPhone: Type.Optional(Type.String({ maxLength: 30 })),
});
export const Cert = Type.Object({ subject: Type.String(), issuer: Type.String(), serialNumber: Type.String(), notBefore: Type.String(), notAfter: Type.String(), uploadedAt: Type.String() });
export const FormParams = Type.Object({ id: Type.String({ maxLength: 64 }), no: oneOf(['01', '02', '03', '04', '05', '06']) });
export const FormQuery = Type.Object({ set: Type.Optional(oneOf(SETS)) });
export const BookQuery = Type.Object({
  unitId: Type.Optional(Type.String({ maxLength: 64 })), field: Type.Optional(Type.String({ maxLength: 40 })),
  from: Type.String({ format: 'date' }), to: Type.String({ format: 'date' }),
  format: Type.Union([Type.Literal('pdf'), Type.Literal('xlsx')], { default: 'pdf' }),
});
