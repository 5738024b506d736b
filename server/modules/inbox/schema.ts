import { Type } from 'typebox';
import { DEADLINE_STATES, DOSSIER_STATUSES, TASK_KINDS } from '../../../common/dossier';
import { OFFICER_ROLES } from '../../../common/workflow';
import { oneOf, Offset, Version } from '../../platform/openapi';

const Str = Type.String();
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
export const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
const OfficerRole = oneOf(OFFICER_ROLES);
const Deadline = Nullable(Type.Object({ state: oneOf(DEADLINE_STATES) }));
const TaskRef = Type.Object({
  id: Str, nodeKey: Nullable(Str), name: Str, kind: oneOf(TASK_KINDS), unitId: Str, unitName: Str, role: Nullable(OfficerRole),
  assignee: Nullable(Type.Object({ id: Str, fullName: Str })), dueAt: Nullable(Str), deadline: Deadline,
});
const InboxItem = Type.Object({
  id: Str, code: Nullable(Str), status: oneOf(DOSSIER_STATUSES), version: Type.Integer(), procedureCode: Str, procedureName: Str, unitName: Str,
  applicantName: Str, submittedAt: Nullable(Str), dueAt: Nullable(Str),
  step: Nullable(Type.Object({ key: Str, name: Str, dueAt: Nullable(Str) })), deadline: Deadline,
  isLeg: Type.Boolean(), task: TaskRef,
});
export const InboxQuery = Type.Object({
  scope: Type.Optional(oneOf(['all', 'mine', 'pool', 'team'])),
  procedureCode: Type.Optional(Type.String({ maxLength: 100 })),
  status: Type.Optional(Type.String({ maxLength: 40 })),
  due: Type.Optional(Type.Union([Type.Literal('soon'), Type.Literal('overdue')])),
  q: Type.Optional(Type.String({ maxLength: 100 })),
  sort: Type.Optional(Type.Union([Type.Literal('due'), Type.Literal('submitted')])),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  offset: Offset,
});
const Counts = Type.Object({ all: Type.Integer(), mine: Type.Integer(), pool: Type.Integer(), dueSoon: Type.Integer(), overdue: Type.Integer() });
export const InboxPage = Type.Object({ items: Type.Array(InboxItem), total: Type.Integer(), counts: Counts });
export const BulkBody = Type.Object({
  action: Type.String({ maxLength: 64 }),
  comment: Type.Optional(Nullable(Type.String({ maxLength: 4000 }))),
  items: Type.Array(Type.Object({ dossierId: Type.String({ maxLength: 64 }), version: Version }), { minItems: 1, maxItems: 200 }),
});
export const BulkResult = Type.Object({
  items: Type.Array(Type.Object({ dossierId: Str, ok: Type.Boolean(), status: Type.Optional(Str), code: Type.Optional(Str), detail: Type.Optional(Str) })),
});
export const AssignBody = Type.Object({ userId: Type.String({ maxLength: 64 }) });
export const Officers = Type.Object({ items: Type.Array(Type.Object({ id: Str, fullName: Str, roles: Type.Array(Str) })) });
const Delegation = Type.Object({
  id: Str, role: OfficerRole, unitId: Str, unitName: Str, from: Type.Object({ id: Str, fullName: Str }), to: Type.Object({ id: Str, fullName: Str }),
  startsAt: Str, endsAt: Str, note: Nullable(Str),
});
export const DelegationList = Type.Object({ items: Type.Array(Delegation) });
export const DelegationBody = Type.Object({
  toUserId: Type.String({ maxLength: 64 }), unitId: Type.String({ maxLength: 64 }),
  startsAt: Type.String({ format: 'date-time' }), endsAt: Type.String({ format: 'date-time' }), note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
});
