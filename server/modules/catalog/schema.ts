import { Type } from 'typebox';
import { ONLINE_LEVELS } from '../../../common/catalog';
import { oneOf } from '../../platform/openapi';

export const ProcedureListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  unit: Type.Optional(Type.String({ maxLength: 100 })),
  field: Type.Optional(Type.String({ maxLength: 100 })),
  level: Type.Optional(Type.String({ maxLength: 40 })),
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  offset: Type.Integer({ minimum: 0, maximum: 100000, default: 0 }),
});
const ProcessingTime = Type.Object({
  amount: Type.Number(), unit: Type.Union([Type.Literal('day'), Type.Literal('hour')]), text: Type.String(),
});
const FieldRef = Type.Object({ code: Type.String(), name: Type.String() });
const OnlineLevel = oneOf(ONLINE_LEVELS);
export const ProcedureSummary = Type.Object({
  code: Type.String(), name: Type.String(), field: FieldRef, level: Type.String(), processingTime: ProcessingTime,
  feeText: Type.String(), onlineLevel: OnlineLevel,
});
export const ProcedureList = Type.Object({ items: Type.Array(ProcedureSummary), total: Type.Integer() });
export const Procedure = Type.Object({
  code: Type.String(), name: Type.String(), field: FieldRef, level: Type.String(), processingTime: ProcessingTime,
  cutOff: Type.String(),
  fees: Type.Array(Type.Object({ name: Type.String(), amount: Type.Number(), note: Type.Optional(Type.String()) })),
  feeText: Type.String(),
  documents: Type.Array(Type.Object({
    name: Type.String(), originals: Type.Number(), copies: Type.Number(), template: Type.Optional(Type.String()),
    upload: Type.Optional(Type.Boolean()),
  })),
  steps: Type.String(), conditions: Type.String(), legalBasis: Type.Array(Type.String()), result: Type.String(),
  applicants: Type.Array(Type.String()), onlineLevel: OnlineLevel,
  formSchema: Type.Record(Type.String(), Type.Unknown()), uiSchema: Type.Record(Type.String(), Type.Unknown()),
  version: Type.Integer(), formVersion: Type.Integer(),
  units: Type.Array(Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() })),
});
