import { Type } from 'typebox';
import { OFFICER_ROLES, WORKFLOW_STATUSES, type WorkflowGraph } from '../../../common/workflow';
import { oneOf } from '../../platform/openapi';

const Str = Type.String();
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
export const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
export const Issue = Type.Object({ code: Str, message: Str, node: Type.Optional(Str) });
/** A workflow graph as stored and drawn (common/workflow.ts, schema 2); checked by the validator, not by this schema. */
export const Definition = Type.Unsafe<WorkflowGraph>(Type.Record(Str, Type.Unknown(), { description: 'Workflow graph (schema 2), see docs/workflows.md' }));
const WorkflowStatus = oneOf(WORKFLOW_STATUSES);
const OfficerRole = oneOf(OFFICER_ROLES);
export const WorkflowSummary = Type.Object({
  id: Str, procedureCode: Str, procedureName: Str, unitId: Str, unitCode: Str, unitName: Str, version: Type.Integer(), status: WorkflowStatus,
  nodeCount: Type.Integer(), inFlight: Type.Integer(), createdAt: Str, publishedAt: Nullable(Str),
});
export const WorkflowFull = Type.Object({
  id: Str, procedureCode: Str, procedureName: Str, unitId: Str, unitCode: Str, unitName: Str, version: Type.Integer(), status: WorkflowStatus,
  definition: Definition, legalHours: Type.Number(), issues: Type.Array(Issue), createdAt: Str, publishedAt: Nullable(Str),
});
export const ListQuery = Type.Object({
  procedureCode: Type.Optional(Type.String({ maxLength: 100 })), unitId: Type.Optional(Type.String({ maxLength: 64 })),
  status: Type.Optional(WorkflowStatus),
});
export const CreateBody = Type.Object({
  procedureCode: Type.String({ maxLength: 100 }), unitId: Type.String({ maxLength: 64 }), definition: Type.Optional(Definition),
  basedOn: Type.Optional(Type.String({ maxLength: 64 })),
});
export const CopyBody = Type.Object({ unitIds: Type.Array(Type.String({ maxLength: 64 }), { minItems: 1, maxItems: 500 }), publish: Type.Optional(Type.Boolean()) });
export const CopyResult = Type.Object({ items: Type.Array(Type.Object({ unitId: Str, unitName: Str, workflowId: Nullable(Str), status: Str, issues: Type.Array(Issue) })) });
export const ImportBody = Type.Object({ unitId: Type.String({ maxLength: 64 }), document: Type.Record(Str, Type.Unknown()) });
/** What the designer needs besides the graph. */
export const DesignerContext = Type.Object({
  /** The procedure's legal processing time in working hours (0 = unknown). */
  legalHours: Type.Number(), unitId: Str,
  units: Type.Array(Type.Object({ id: Str, code: Str, name: Str, levelCode: Nullable(Str), roles: Type.Array(OfficerRole) })),
  officers: Type.Array(Type.Object({ id: Str, fullName: Str, roles: Type.Array(Type.Object({ unitId: Str, role: OfficerRole })) })),
  /** The e-form's fields as dot paths, for branch conditions. */
  formFields: Type.Array(Type.Object({
    path: Str, title: Str, type: Str, enum: Type.Optional(Type.Array(Type.Union([Str, Type.Number(), Type.Boolean()]))),
  })),
  unitsWithWorkflow: Type.Array(Str),
});
/** A workflow exported for another installation or unit. */
export const ExportDocument = Type.Object({
  format: Type.Literal('motcua-workflow'), formatVersion: Type.Integer(), procedureCode: Str, procedureName: Str, unitCode: Str,
  version: Type.Integer(), exportedAt: Str, definition: Definition,
});
