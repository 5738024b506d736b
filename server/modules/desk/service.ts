import { sql } from 'kysely';
import { organisationIdProblem, personalIdProblem } from '../../../common/ids';
import type { Db, Tx } from '../../db/client';
import type { Actor } from '../../platform/auth';
import { forbidden, invalid, type FieldError } from '../../platform/errors';
import type { CalendarProvider } from '../calendar/provider';
import { formValidator, validateForm } from '../dossiers/form-validation';
import { loadReadable } from '../dossiers/service';
import { commitDecision, feeTotal, rejectionError } from '../dossiers/commit';
import { ownRoles } from '../dossiers/policy';
import { decideIntake, type EngineContext } from '../workflow/engine';
import { insertFee } from '../fees/repo';
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

    // The desk's decision is the engine's, like every other change of a dossier; one commit writes it.
    const ctx: EngineContext = { unitId: unit!.id, receivingUnitId, formData, feeTotal: feeTotal(proc!.fees) };
    const decision = decideIntake(workflow!.definition, { kind: 'receive', decision: input.decision }, { userId: actor.userId, isApplicant: false, roles: ownRoles(actor) }, ctx, input.comment);
    if (!decision.ok) {
      if (decision.code === 'invalid_definition') throw invalid('workflow_broken', 'Quy trình của cơ quan cho thủ tục này không bắt đầu được. Báo quản trị viên kiểm tra quy trình.');
      throw rejectionError(decision.code, input.decision);
    }
    const { id: dossierId } = await commitDecision(trx, cals, {
      create: {
        tenantId: actor.tenantId,
        procedure: {
          id: proc!.id, version: proc!.version, formVersion: proc!.form_version, cutOff: proc!.cut_off,
          processingAmount: proc!.processing_amount, processingUnit: proc!.processing_unit, fees: proc!.fees,
        },
        workflowId: workflow!.id, unit: { id: unit!.id, agencyCode: unit!.agency_code }, receivingUnitId,
        applicantId: person.user_id, personId: person.id,
        applicant: {
          fullName: input.applicant.fullName.trim(), idNumber: input.applicant.idType === 'personal' ? idNumber : null,
          taxCode: input.applicant.idType === 'organisation' ? idNumber : null, phone: input.applicant.phone ?? null,
          email: input.applicant.email ?? null, address: input.applicant.address ?? null, birthDate: input.applicant.birthDate ?? null,
        },
        authorised: input.authorised
          ? { ...input.authorised, address: input.authorised.address ?? null, phone: input.authorised.phone ?? null, email: input.authorised.email ?? null }
          : null,
        formData, channel: 'direct', checklist: input.documents, sets: input.sets, returnPlace: input.returnPlace, origin: null,
        eventData: { channel: 'direct' },
      },
    }, decision, { userId: actor.userId }, { comment: input.comment }, now);
    for (const f of input.fees ?? []) await insertFee(trx, actor, dossierId, f, now);
    return dossierId;
  });
  return loadReadable(db, actor, id);
}
