import { sql } from 'kysely';
import { addWorkingMinutes, dueAt, effectiveStart, parseClock } from '../../../common/calendar';
import { organisationIdProblem, personalIdProblem } from '../../../common/ids';
import type { Db, Tx } from '../../db/client';
import type { Actor } from '../../platform/auth';
import { forbidden, invalid, type FieldError } from '../../platform/errors';
import type { CalendarProvider } from '../calendar/provider';
import { formValidator, validateForm } from '../dossiers/form-validation';
import { assignCode, feeTotal, insertTasks, loadReadable } from '../dossiers/service';
import { insertFee } from '../fees/repo';
import { startAt } from '../workflow/engine';
import { quotaHours } from '../../../common/workflow';
import type { ReceptionInput } from './schema';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Why an identification number is not acceptable, or null. */
export function idProblem(idType: 'personal' | 'organisation', idNumber: string, birthDate?: string | null): string | null {
  return idType === 'personal' ? personalIdProblem(idNumber, birthDate) : organisationIdProblem(idNumber);
}

/**
 * A known applicant by ID number: the desk's own registry of walk-ins, or else a citizen account whose
 * number is verified. A number an account merely declared shows nothing: whoever typed a stranger's number
 * at registration must not have their typed profile offered as the stranger's.
 */
export async function findPerson(db: Tx, tenantId: string, idType: 'personal' | 'organisation', idNumber: string) {
  const problem = idProblem(idType, idNumber);
  if (problem) throw invalid('invalid_id_number', problem, [{ path: '/idNumber', message: problem }]);
  const p = await db.selectFrom('people').selectAll().where('tenant_id', '=', tenantId).where('id_type', '=', idType)
    .where('id_number', '=', idNumber.replace('-', '')).executeTakeFirst();
  if (p) return p;
  const u = idType === 'personal' ? await verifiedAccount(db, tenantId, idNumber) : undefined;
  if (!u) return undefined;
  return {
    id: '', tenant_id: tenantId, id_type: idType, id_number: idNumber, full_name: u.full_name, birth_date: u.birth_date,
    address: u.address, phone: u.phone, email: u.email, user_id: u.id, created_at: new Date(), updated_at: new Date(),
  };
}

/** The account whose verified ID number this is (unique: migration 0011), if any. */
function verifiedAccount(db: Tx, tenantId: string, idNumber: string) {
  return db.selectFrom('users').select(['id', 'full_name', 'birth_date', 'address', 'phone', 'email']).where('tenant_id', '=', tenantId)
    .where('id_number', '=', idNumber).where('id_verified_at', 'is not', null).executeTakeFirst();
}

/** The desk units where the actor may receive. */
function deskUnits(actor: Actor): string[] {
  return actor.roles.filter((r) => r.role === 'desk' && r.unitId).map((r) => r.unitId!);
}

/**
 * Receives a walk-in applicant in one transaction: the applicant in the registry, the dossier with
 * both the receiving and the competent unit (reception regardless of administrative boundaries), the
 * checklist, fees with receipt numbers, and the desk's decision — accept (code, legal due date, first
 * workflow step), guidance to supplement, or refusal — with its event and outbox message.
 */
export async function receiveWalkIn(deps: { db: Db; calendar: CalendarProvider; now: () => number }, actor: Actor, input: ReceptionInput) {
  const { db } = deps;
  const desks = deskUnits(actor);
  const receivingUnitId = input.receivingUnitId ?? desks[0];
  if (!receivingUnitId || !desks.includes(receivingUnitId)) throw forbidden('Chỉ cán bộ Bộ phận một cửa của đơn vị tiếp nhận mới tiếp nhận được hồ sơ.');

  const errors: FieldError[] = [];
  const applicantProblem = idProblem(input.applicant.idType, input.applicant.idNumber, input.applicant.birthDate);
  if (applicantProblem) errors.push({ path: '/applicant/idNumber', message: applicantProblem });
  if (input.authorised) {
    const p = personalIdProblem(input.authorised.idNumber);
    if (p) errors.push({ path: '/authorised/idNumber', message: p });
  }
  if (input.decision !== 'accept' && !input.comment?.trim()) {
    errors.push({ path: '/comment', message: input.decision === 'supplement' ? 'Ghi rõ các nội dung cần bổ sung.' : 'Ghi rõ lý do từ chối tiếp nhận.' });
  }
  const proc = await db.selectFrom('procedures').selectAll().where('tenant_id', '=', actor.tenantId)
    .where('code', '=', input.procedureCode).where('published', '=', true).executeTakeFirst();
  if (!proc) errors.push({ path: '/procedureCode', message: `Không có thủ tục mã "${input.procedureCode}".` });
  const unit = proc && UUID.test(input.unitId)
    ? await db.selectFrom('procedure_units as pu').innerJoin('units as u', 'u.id', 'pu.unit_id').select(['u.id', 'u.agency_code'])
      .where('pu.procedure_id', '=', proc.id).where('u.id', '=', input.unitId).executeTakeFirst()
    : undefined;
  if (proc && !unit) errors.push({ path: '/unitId', message: 'Cơ quan được chọn không giải quyết thủ tục này.' });
  const workflow = proc && unit
    ? await db.selectFrom('workflows').select(['id', 'definition']).where('procedure_id', '=', proc.id).where('unit_id', '=', unit.id)
      .where('status', '=', 'published').executeTakeFirst()
    : undefined;
  if (proc && unit && !workflow) errors.push({ path: '/unitId', message: 'Cơ quan chưa ban hành quy trình giải quyết thủ tục này.' });
  const formData = input.formData ?? {};
  if (proc && Object.keys(formData).length) {
    for (const e of validateForm(formValidator(`${proc.id}:${proc.form_version}`, proc.form_schema), proc.form_schema, formData)) {
      errors.push({ path: `/formData${e.path === '/' ? '' : e.path}`, message: e.message });
    }
  }
  if (errors.length) throw invalid('invalid_reception', `Chưa tiếp nhận được hồ sơ: ${errors.map((e) => e.message).join(' ')}`, errors);

  const now = deps.now();
  const cals = await deps.calendar.snapshot();
  const cal = cals(unit!.id);
  const idNumber = input.applicant.idNumber.replace('-', '');
  const id = await db.transaction().execute(async (trx) => {
    // Only a verified number links the walk-in to an account (its "my dossiers", its store, withdrawal).
    const account = input.applicant.idType === 'personal' ? await verifiedAccount(trx, actor.tenantId, idNumber) : undefined;
    const person = await trx.insertInto('people').values({
      tenant_id: actor.tenantId, id_type: input.applicant.idType, id_number: idNumber, full_name: input.applicant.fullName.trim(),
      birth_date: input.applicant.birthDate ?? null, address: input.applicant.address ?? null, phone: input.applicant.phone ?? null,
      email: input.applicant.email ?? null, user_id: account?.id ?? null,
    }).onConflict((oc) => oc.columns(['tenant_id', 'id_type', 'id_number']).doUpdateSet({
      full_name: input.applicant.fullName.trim(), birth_date: input.applicant.birthDate ?? null, address: input.applicant.address ?? null,
      phone: input.applicant.phone ?? null, email: input.applicant.email ?? null, updated_at: new Date(now),
      // A record received before the account was verified is linked now; an existing link is kept.
      user_id: sql<string | null>`coalesce(people.user_id, excluded.user_id)`,
    })).returning(['id', 'user_id']).executeTakeFirstOrThrow();

    const entry = input.decision === 'accept'
      ? startAt(workflow!.definition, { unitId: unit!.id, receivingUnitId, formData, feeTotal: feeTotal(proc!.fees) }, false) : null;
    if (entry && !entry.ok) throw invalid('workflow_broken', 'Quy trình của cơ quan cho thủ tục này không bắt đầu được. Báo quản trị viên kiểm tra quy trình.');
    const first = entry?.ok ? entry.open[0] : undefined;
    let state: Record<string, unknown>;
    let action: string;
    let label: string;
    if (input.decision === 'accept') {
      const start = effectiveStart(now, cal, parseClock(proc!.cut_off));
      state = {
        code: await assignCode(trx, unit!, now), status: entry?.ok ? entry.toStatus : 'in_progress', step_key: entry?.ok ? entry.toNode : null,
        received_at: new Date(now), effective_start: new Date(start),
        due_at: new Date(dueAt(start, Number(proc!.processing_amount), proc!.processing_unit, cal)),
        step_due_at: first?.quota ? new Date(addWorkingMinutes(now, quotaHours(first.quota) * 60, cal)) : null,
      };
      action = 'accept';
      label = 'Tiếp nhận hồ sơ trực tiếp tại Bộ phận một cửa';
    } else if (input.decision === 'supplement') {
      state = { status: 'awaiting_supplement', supplement_stage: 'desk' };
      action = 'request_supplement';
      label = 'Hướng dẫn bổ sung, hoàn thiện hồ sơ';
    } else {
      state = { status: 'rejected', completed_at: new Date(now) };
      action = 'reject';
      label = 'Từ chối tiếp nhận hồ sơ';
    }
    const d = await trx.insertInto('dossiers').values({
      tenant_id: actor.tenantId, procedure_id: proc!.id, procedure_version: proc!.version, form_version: proc!.form_version,
      workflow_id: workflow!.id, unit_id: unit!.id, receiving_unit_id: receivingUnitId, applicant_id: person.user_id, person_id: person.id,
      applicant: JSON.stringify({
        fullName: input.applicant.fullName.trim(), idNumber: input.applicant.idType === 'personal' ? idNumber : null,
        taxCode: input.applicant.idType === 'organisation' ? idNumber : null, phone: input.applicant.phone ?? null,
        email: input.applicant.email ?? null, address: input.applicant.address ?? null, birthDate: input.applicant.birthDate ?? null,
      }),
      authorised: input.authorised ? JSON.stringify({ ...input.authorised, address: input.authorised.address ?? null, phone: input.authorised.phone ?? null, email: input.authorised.email ?? null }) : null,
      form_data: JSON.stringify(formData), channel: 'direct', checklist: JSON.stringify(input.documents), sets: input.sets,
      return_place: input.returnPlace, submitted_at: new Date(now), complete_at: new Date(now), created_at: new Date(now), updated_at: new Date(now),
      status: 'submitted', ...state,
    } as never).returning(['id', 'code', 'status']).executeTakeFirstOrThrow();
    await trx.insertInto('dossier_events').values({
      tenant_id: actor.tenantId, dossier_id: d.id, action, from_status: null, to_status: d.status, to_step: (state.step_key as string) ?? null,
      actor_id: actor.userId, actor_role: 'desk', at: new Date(now), comment: input.comment?.trim() || null,
      data: JSON.stringify({ label, channel: 'direct', code: d.code }),
    }).execute();
    if (entry?.ok) await insertTasks(trx, cals, actor.tenantId, d.id, entry.open, now);
    for (const f of input.fees ?? []) await insertFee(trx, actor, d.id, f, now);
    await trx.insertInto('outbox').values({
      tenant_id: actor.tenantId, topic: 'dossier.status_changed',
      payload: JSON.stringify({ dossierId: d.id, code: d.code, action, fromStatus: null, toStatus: d.status, applicantId: person.user_id }),
    }).execute();
    return d.id;
  });
  return loadReadable(db, actor, id);
}
