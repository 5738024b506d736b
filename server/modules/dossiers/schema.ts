import { Type } from 'typebox';
import {
  ACTION_KINDS, CHANNELS, DEADLINE_STATES, DOSSIER_STATUSES, RETURN_METHODS, SUPPLEMENT_STAGES, TASK_KINDS, VISIT_STATES,
} from '../../../common/dossier';
import { OFFICER_ROLES } from '../../../common/workflow';
import { Offset, oneOf, Version } from '../../platform/openapi';
import { Definition } from '../workflow/schema';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Str = Type.String();
const StepRef = Nullable(Type.Object({ key: Str, name: Str, dueAt: Nullable(Str) }));

export const DossierStatus = oneOf(DOSSIER_STATUSES);
const DeadlineState = oneOf(DEADLINE_STATES);

export const SubmitBody = Type.Object({
  procedureCode: Type.String({ minLength: 1, maxLength: 100 }),
  unitId: Type.String({ minLength: 1, maxLength: 100 }),
  formData: Type.Record(Type.String(), Type.Unknown()),
});

export const FileInfo = Type.Object({
  id: Str, name: Str, label: Nullable(Str), contentType: Str, size: Type.Integer(), createdAt: Str,
});

export const Dossier = Type.Object({
  id: Str, code: Nullable(Str), status: DossierStatus, version: Type.Integer(),
  procedureCode: Str, procedureName: Str, procedureVersion: Type.Integer(), formVersion: Type.Integer(), unitId: Str, unitName: Str,
  receivingUnitId: Str, channel: oneOf(CHANNELS),
  submittedAt: Nullable(Str), receivedAt: Nullable(Str), effectiveStart: Nullable(Str), dueAt: Nullable(Str), originalDueAt: Nullable(Str),
  completedAt: Nullable(Str), returnedAt: Nullable(Str),
  supplementStage: Nullable(oneOf(SUPPLEMENT_STAGES)), step: StepRef,
  applicant: Type.Object({
    id: Nullable(Str), fullName: Str, idNumber: Nullable(Str), phone: Nullable(Str), email: Nullable(Str), address: Nullable(Str),
  }),
  formData: Type.Record(Type.String(), Type.Unknown()),
  files: Type.Array(FileInfo),
  deadline: Nullable(Type.Object({ state: DeadlineState, remainingMinutes: Nullable(Type.Number()) })),
  authorised: Nullable(Type.Object({
    fullName: Str, idNumber: Str, address: Nullable(Str), phone: Nullable(Str), email: Nullable(Str), document: Str,
  })),
  returnPlace: Nullable(Str), returnMethod: Nullable(oneOf(RETURN_METHODS)), recipientName: Nullable(Str), sets: Type.Integer(),
  checklist: Type.Array(Type.Object({ name: Str, originals: Type.Integer(), copies: Type.Integer(), provided: Type.Boolean() })),
  fees: Type.Array(Type.Object({ id: Str, name: Str, amount: Type.Integer(), receiptNumber: Str, paidAt: Str })),
  result: Nullable(Type.Object({ fileId: Str, name: Str, signed: Type.Boolean(), signedAt: Nullable(Str), signer: Nullable(Str) })),
});

export const DossierSummary = Type.Object({
  id: Str, code: Nullable(Str), status: DossierStatus, version: Type.Integer(), procedureCode: Str, procedureName: Str,
  unitName: Str, applicantName: Str, submittedAt: Nullable(Str), dueAt: Nullable(Str), step: StepRef,
  deadline: Nullable(Type.Object({ state: DeadlineState })),
});
export const DossierList = Type.Object({ items: Type.Array(DossierSummary), total: Type.Integer() });

export const ActionList = Type.Object({
  /** The dossier version these actions were computed for (a client offers them only for that version). */
  version: Type.Integer(),
  items: Type.Array(Type.Object({
    action: Str,
    kind: oneOf(ACTION_KINDS),
    label: Str, requiresComment: Type.Boolean(),
  })),
});

export const ActionBody = Type.Object({
  version: Version,
  comment: Type.Optional(Nullable(Type.String({ maxLength: 4000 }))),
  /** For `extend`: the new appointment (Mẫu 04). */
  newDueAt: Type.Optional(Type.String({ format: 'date-time' })),
  /** For `return_result`: how the result was handed over, and to whom. */
  returnMethod: Type.Optional(oneOf(RETURN_METHODS)),
  recipientName: Type.Optional(Type.String({ maxLength: 200 })),
});

export const EventList = Type.Object({
  items: Type.Array(Type.Object({
    action: Str, label: Str, fromStatus: Nullable(DossierStatus), toStatus: DossierStatus, fromStep: Nullable(Str), toStep: Nullable(Str),
    fromStepName: Nullable(Str), toStepName: Nullable(Str),
    actor: Nullable(Type.Object({ id: Str, fullName: Str, role: Nullable(Str) })), at: Str, comment: Nullable(Str),
  })),
});

export const PublicDossier = Type.Object({
  code: Str, status: DossierStatus, procedureName: Str, unitName: Str,
  receivedAt: Nullable(Str), dueAt: Nullable(Str), completedAt: Nullable(Str),
});

export const Paging = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  offset: Offset,
});

export const Process = Type.Object({
  definition: Definition,
  current: Type.Array(Str),
  visits: Type.Array(Type.Object({
    taskId: Str, nodeKey: Nullable(Str), name: Str, kind: oneOf(TASK_KINDS), unitName: Str, role: Nullable(oneOf(OFFICER_ROLES)),
    holder: Nullable(Type.Object({ id: Str, fullName: Str })), enteredAt: Str, leftAt: Nullable(Str), dueAt: Nullable(Str),
    quotaHours: Nullable(Type.Number()), usedMinutes: Type.Number(), state: oneOf(VISIT_STATES), onTime: Nullable(Type.Boolean()), comment: Nullable(Str),
  })),
  legs: Type.Array(Type.Object({ dossierId: Str, unitName: Str, status: DossierStatus, dueAt: Nullable(Str), completedAt: Nullable(Str) })),
  origin: Nullable(Type.Object({ dossierId: Str, unitName: Str })),
});

export const Consent = Type.Object({
  recordedAt: Str, recordedBy: Type.Object({ id: Nullable(Str), fullName: Nullable(Str) }),
});
export const ReuseBody = Type.Object({ documentId: Type.String({ maxLength: 64 }), label: Type.Optional(Type.String({ maxLength: 200 })) });
