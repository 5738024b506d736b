import type { DossierStatus, VisitState } from '../../../common/dossier';
import { classify, remainingMinutes, workingMinutesBetween, type WorkCalendar } from '../../../common/calendar';
import type { WorkflowDefinition } from '../../db/types';
import { nodeOf, type WorkflowGraph } from '../../../common/workflow';
import type { DossierRow, SummaryRow, findDossierByCode, legsOf, listEvents, listFiles, tasksWithPeople } from './repo';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function step(def: WorkflowDefinition, key: string | null, dueAt: Date | null) {
  const s = nodeOf(def, key);
  return s && s.type !== 'end' ? { key: s.key, name: s.name, dueAt: iso(dueAt) } : null;
}

interface DeadlineColumns { due_at: Date | null; original_due_at: Date | null; completed_at: Date | null; status: string }

/** The verdict is judged against the original due date: an apology with a new date does not make a late dossier on time. */
function deadlineState(d: DeadlineColumns, now: number, cal: WorkCalendar) {
  const due = d.original_due_at ?? d.due_at;
  if (!due || d.status === 'rejected' || d.status === 'withdrawn') return null;
  return classify(due.getTime(), now, d.completed_at ? d.completed_at.getTime() : null, cal);
}

function deadline(d: DeadlineColumns, now: number, cal: WorkCalendar) {
  const state = deadlineState(d, now, cal);
  if (!state) return null;
  return { state, remainingMinutes: d.completed_at || !d.due_at ? null : Math.round(remainingMinutes(d.due_at.getTime(), now, cal)) };
}

/** The full dossier for those allowed to read it. */
type FeeRow = { id: string; name: string; amount: number; receipt_number: string; paid_at: Date };

export function presentDossier(d: DossierRow, files: Awaited<ReturnType<typeof listFiles>>, now: number, cal: WorkCalendar, fees: FeeRow[] = []) {
  return {
    id: d.id, code: d.code, status: d.status, version: d.version,
    procedureCode: d.procedure_code, procedureName: d.procedure_name, procedureVersion: d.procedure_version, formVersion: d.form_version,
    unitId: d.unit_id, unitName: d.unit_name, receivingUnitId: d.receiving_unit_id, channel: d.channel,
    submittedAt: iso(d.submitted_at), receivedAt: iso(d.received_at), effectiveStart: iso(d.effective_start),
    dueAt: iso(d.due_at), originalDueAt: iso(d.original_due_at), completedAt: iso(d.completed_at), returnedAt: iso(d.returned_at),
    supplementStage: d.supplement_stage, step: step(d.definition, d.step_key, d.step_due_at),
    applicant: {
      id: d.applicant_id, fullName: d.applicant.fullName, idNumber: d.applicant.idNumber, phone: d.applicant.phone,
      email: d.applicant.email, address: d.applicant.address,
    },
    formData: d.form_data,
    files: files.map(presentFile),
    deadline: deadline(d, now, cal),
    authorised: d.authorised, returnPlace: d.return_place, returnMethod: d.return_method, recipientName: d.recipient_name,
    sets: d.sets, checklist: d.checklist,
    fees: fees.map((f) => ({ id: f.id, name: f.name, amount: Number(f.amount), receiptNumber: f.receipt_number, paidAt: f.paid_at.toISOString() })),
    result: (() => {
      const r = files.find((f) => f.kind === 'signed_result') ?? [...files].reverse().find((f) => f.kind === 'result');
      return r ? { fileId: r.id, name: r.name, signed: r.kind === 'signed_result', signedAt: iso(r.signed_at), signer: r.signer } : null;
    })(),
  };
}

/** A dossier in a list (the applicant's, an inbox), with its deadline verdict. */
export function presentSummary(r: SummaryRow, now: number, cal: WorkCalendar) {
  const state = deadlineState(r, now, cal);
  return {
    id: r.id, code: r.code, status: r.status, version: r.version, procedureCode: r.procedure_code,
    procedureName: r.procedure_name, unitName: r.unit_name, applicantName: r.applicant_name,
    submittedAt: iso(r.submitted_at), dueAt: iso(r.due_at), step: step(r.definition, r.step_key, r.step_due_at),
    deadline: state ? { state } : null,
  };
}

/** The timeline, with step names from the dossier's workflow. */
export function presentEvents(rows: Awaited<ReturnType<typeof listEvents>>, def: WorkflowDefinition) {
  const stepName = (key: string | null) => nodeOf(def, key)?.name ?? null;
  return rows.map((e) => ({
    action: e.action, label: typeof e.data.label === 'string' ? e.data.label : e.action,
    fromStatus: e.from_status as DossierStatus | null, toStatus: e.to_status as DossierStatus, fromStep: e.from_step, toStep: e.to_step,
    fromStepName: stepName(e.from_step), toStepName: stepName(e.to_step),
    actor: e.actor_id ? { id: e.actor_id, fullName: e.actor_name ?? '', role: e.actor_role } : null,
    at: e.at.toISOString(), comment: e.comment,
  }));
}

/** A dossier file's public metadata. */
export const presentFile = (f: { id: string; name: string; label: string | null; content_type: string; size: number | string; created_at: Date }) => ({
  id: f.id, name: f.name, label: f.label, contentType: f.content_type, size: Number(f.size), createdAt: f.created_at.toISOString(),
});

/** The public lookup by code: status and dates, nothing personal. */
export function presentPublic(d: NonNullable<Awaited<ReturnType<typeof findDossierByCode>>>) {
  return {
    code: d.code!, status: d.status, procedureName: d.procedure_name, unitName: d.unit_name,
    receivedAt: iso(d.received_at), dueAt: iso(d.due_at), completedAt: iso(d.completed_at),
  };
}

/**
 * The process diagram: the graph, where the dossier is now, each visit of a step (who held it — officers only —,
 * when, working time used against the quota), the liên thông legs it started and, for a leg, its origin.
 */
export function presentProcess(
  def: WorkflowGraph, tasks: Awaited<ReturnType<typeof tasksWithPeople>>, legs: Awaited<ReturnType<typeof legsOf>>,
  origin: { id: string; name: string } | undefined, now: number, cals: (unitId: string | null) => WorkCalendar, officer: boolean,
) {
  const visits = tasks.map((k) => {
    const cal = cals(k.unit_id);
    const end = k.closed_at ? k.closed_at.getTime() : now;
    const holderId = k.closer_id ?? k.holder_id;
    const holderName = k.closer_name ?? k.holder_name;
    return {
      taskId: k.id, nodeKey: k.node_key, kind: k.kind, role: k.role, unitName: k.unit_name,
      name: nodeOf(def, k.node_key)?.name ?? (k.kind === 'desk' ? 'Bộ phận một cửa' : ''),
      holder: officer && holderId ? { id: holderId, fullName: holderName ?? '' } : null,
      enteredAt: k.opened_at.toISOString(), leftAt: iso(k.closed_at), dueAt: iso(k.due_at),
      quotaHours: k.quota_hours === null ? null : Number(k.quota_hours),
      usedMinutes: Math.round(workingMinutesBetween(k.opened_at.getTime(), Math.max(end, k.opened_at.getTime()), cal)),
      state: (k.status === 'open' ? 'open' : k.status === 'done' || k.status === 'answered' ? 'done' : k.status) as VisitState,
      onTime: k.due_at ? end <= k.due_at.getTime() : null,
      comment: officer ? k.comment : null,
    };
  });
  return {
    definition: def,
    current: [...new Set(tasks.filter((k) => k.status === 'open' && k.node_key).map((k) => k.node_key!))],
    visits,
    legs: legs.map((l) => ({ dossierId: l.id, unitName: l.unit_name, status: l.status, dueAt: iso(l.due_at), completedAt: iso(l.completed_at) })),
    origin: origin ? { dossierId: origin.id, unitName: origin.name } : null,
  };
}
