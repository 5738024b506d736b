import { Type, type Static } from 'typebox';
import { ONLINE_LEVELS } from '../../../common/catalog';
import { Money, Offset, oneOf } from '../../platform/openapi';

const Str = Type.String();
/** What an admin sends to create or edit a procedure. */
export const ProcedureInput = Type.Object({
  code: Type.String({ minLength: 1, maxLength: 60 }),
  name: Type.String({ minLength: 1, maxLength: 500 }),
  field: Type.Object({ code: Type.String({ minLength: 1, maxLength: 40 }), name: Type.String({ minLength: 1, maxLength: 200 }) }),
  level: Type.String({ minLength: 1, maxLength: 40 }),
  processingTime: Type.Object({
    amount: Type.Number({ minimum: 0, maximum: 3650 }), unit: Type.Union([Type.Literal('day'), Type.Literal('hour')]),
    text: Type.String({ maxLength: 2000 }),
  }),
  cutOff: Type.Optional(Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' })),
  fees: Type.Array(Type.Object({ name: Type.String({ minLength: 1, maxLength: 500 }), amount: Money, note: Type.Optional(Type.String({ maxLength: 1000 })) }), { maxItems: 50 }),
  feeText: Type.String({ maxLength: 4000 }),
  documents: Type.Array(Type.Object({
    name: Type.String({ minLength: 1, maxLength: 1000 }), originals: Type.Integer({ minimum: 0, maximum: 99 }),
    copies: Type.Integer({ minimum: 0, maximum: 99 }), template: Type.Optional(Type.String({ maxLength: 1000 })),
    upload: Type.Optional(Type.Boolean()),
  }), { maxItems: 100 }),
  steps: Type.String({ maxLength: 20000 }),
  conditions: Type.String({ maxLength: 20000 }),
  legalBasis: Type.Array(Type.String({ maxLength: 1000 }), { maxItems: 100 }),
  result: Type.String({ maxLength: 4000 }),
  applicants: Type.Array(Type.String({ maxLength: 500 }), { maxItems: 50 }),
  onlineLevel: oneOf(ONLINE_LEVELS),
  keywords: Type.Optional(Type.String({ maxLength: 1000 })),
  formSchema: Type.Record(Type.String(), Type.Unknown()),
  uiSchema: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});
export type ProcedureInputT = Static<typeof ProcedureInput>;

export const AdminProcedure = Type.Object({
  ...ProcedureInput.properties,
  cutOff: Str, keywords: Str, uiSchema: Type.Record(Type.String(), Type.Unknown()),
  version: Type.Integer(), formVersion: Type.Integer(), published: Type.Boolean(),
  units: Type.Array(Type.Object({ id: Str, code: Str, name: Str })), updatedAt: Str,
});

export const AdminProcedureList = Type.Object({
  items: Type.Array(Type.Object({
    code: Str, name: Str, field: Type.Object({ code: Str, name: Str }), level: Str, version: Type.Integer(),
    formVersion: Type.Integer(), published: Type.Boolean(), unitCount: Type.Integer(), updatedAt: Str,
  })),
  total: Type.Integer(),
});

export const AdminListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })), field: Type.Optional(Type.String({ maxLength: 40 })),
  published: Type.Optional(Type.Boolean()),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }), offset: Offset,
});

export const ImportResult = Type.Object({
  dryRun: Type.Boolean(), total: Type.Integer(), created: Type.Integer(), updated: Type.Integer(),
  errors: Type.Array(Type.Object({ path: Str, message: Str })),
});
