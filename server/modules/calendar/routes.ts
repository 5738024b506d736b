import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import {
  CALENDAR_DAY_KINDS, dueAt, effectiveStart, parseClock, vnIso, yearDays, formatClock, dayIndexOfDate,
} from '../../../common/calendar';
import type { AppDeps } from '../../app';
import { isAdmin, requireActor } from '../../platform/auth';
import { forbidden, invalid, notFound, type FieldError } from '../../platform/errors';
import { oneOf, problemResponses } from '../../platform/openapi';
import { bumpCalendarRevision, calendarEdited, validateWeekly } from './service';
import type { ClockRange } from '../../db/types';

const DATE = '^\\d{4}-\\d{2}-\\d{2}$';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const Clock = Type.Object({ start: Type.String({ pattern: '^\\d{2}:\\d{2}$' }), end: Type.String({ pattern: '^\\d{2}:\\d{2}$' }) });
const UnitCalendar = Type.Object({
  weekly: Type.Array(Type.Array(Clock, { maxItems: 6 }), { minItems: 7, maxItems: 7 }),
  closures: Type.Array(Type.Object({ date: Type.String({ pattern: DATE }), name: Type.String({ minLength: 1, maxLength: 200 }) }), { maxItems: 400 }),
});
const DayBody = Type.Object({
  kind: Type.Union([Type.Literal('holiday'), Type.Literal('swapped_working')]),
  name: Type.String({ minLength: 1, maxLength: 200 }),
});
const ImportBody = Type.Object({
  dryRun: Type.Optional(Type.Boolean()),
  days: Type.Array(Type.Object({
    date: Type.String({ maxLength: 10 }), kind: Type.String({ maxLength: 40 }), name: Type.String({ maxLength: 200 }), mark: Type.Optional(Type.String({ maxLength: 20 })),
  }), { maxItems: 5000 }),
});

const isWeekend = (date: string) => [0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());
const validDate = (date: string) => {
  if (!new RegExp(DATE).test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`)) || new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date) return false;
  try { dayIndexOfDate(date); return true; } catch { return false; }
};

/** Checks one national calendar entry; a holiday is a weekday off, a swapped working day a weekend day worked. */
function dayProblem(date: string, kind: string, name: string): string | null {
  if (!validDate(date)) return 'Ngày không hợp lệ (cần dạng YYYY-MM-DD, trong khoảng 2000–2100).';
  if (kind !== 'holiday' && kind !== 'swapped_working') return 'Loại ngày phải là "holiday" hoặc "swapped_working".';
  if (!name.trim()) return 'Cần ghi tên ngày nghỉ / ngày làm bù.';
  if (kind === 'holiday' && isWeekend(date)) return 'Ngày nghỉ lễ, nghỉ bù phải là ngày trong tuần (thứ Bảy, Chủ nhật đã là ngày nghỉ).';
  if (kind === 'swapped_working' && !isWeekend(date)) return 'Ngày làm bù phải là thứ Bảy hoặc Chủ nhật.';
  return null;
}

/** The working calendar: public day lists and deadline computation; admin editing and import. */
export async function calendarRoutes(app: FastifyInstance, { db, calendar }: AppDeps) {
  // After a write has committed, this process re-reads the calendar revision at its next use.
  app.addHook('onSend', async (req, _reply, payload) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') calendarEdited();
    return payload;
  });
  const requireAdmin = (req: FastifyRequest) => {
    const actor = requireActor(req);
    if (!isAdmin(actor)) throw forbidden('Chỉ quản trị viên mới được sửa lịch làm việc.');
    return actor;
  };
  const unitOf = async (unitId: string | undefined, tenantId?: string) => {
    if (!unitId) return null;
    const unit = UUID.test(unitId)
      ? await db.selectFrom('units').select(['id', 'tenant_id']).where('id', '=', unitId).executeTakeFirst()
      : undefined;
    if (!unit || (tenantId && unit.tenant_id !== tenantId)) throw notFound('unit_not_found', 'Không tìm thấy đơn vị.');
    return unit;
  };

  const DaysQuery = Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }), unitId: Type.Optional(Type.String()) });
  app.get<{ Querystring: Static<typeof DaysQuery> }>('/api/v1/calendar/days', {
    schema: {
      tags: ['calendar'], summary: 'Lịch làm việc của một năm (ngày làm việc, cuối tuần, nghỉ lễ, làm bù)', querystring: DaysQuery,
      response: {
        200: Type.Object({
          year: Type.Integer(), unitId: Type.Union([Type.String(), Type.Null()]),
          days: Type.Array(Type.Object({
            date: Type.String(), kind: oneOf(CALENDAR_DAY_KINDS), name: Type.Union([Type.String(), Type.Null()]),
            source: Type.Union([oneOf(['national', 'unit']), Type.Null()]), sessions: Type.Array(Clock),
          })),
        }),
        ...problemResponses(400, 404),
      },
    },
  }, async (req) => {
    const unit = await unitOf(req.query.unitId);
    const cal = await calendar.forUnit(unit?.id ?? null);
    const { year } = req.query;
    const [national, closures] = await Promise.all([
      db.selectFrom('calendar_days').select(['day', 'name']).where('day', '>=', `${year}-01-01`).where('day', '<=', `${year}-12-31`).execute(),
      unit ? db.selectFrom('unit_closures').select(['day', 'name']).where('unit_id', '=', unit.id).where('day', '>=', `${year}-01-01`).where('day', '<=', `${year}-12-31`).execute() : [],
    ]);
    const names = new Map<string, { name: string; source: string }>(national.map((d) => [d.day, { name: d.name, source: 'national' }]));
    for (const c of closures) names.set(c.day, { name: c.name, source: 'unit' });
    return {
      year, unitId: unit?.id ?? null,
      days: yearDays(year, cal).map((d) => ({
        date: d.date, kind: d.kind, name: names.get(d.date)?.name ?? null, source: names.get(d.date)?.source ?? null,
        sessions: d.sessions.map((s) => ({ start: formatClock(s.start), end: formatClock(s.end) })),
      })),
    };
  });

  const DeadlineQuery = Type.Object({
    start: Type.String({ format: 'date-time' }), amount: Type.Number({ minimum: 0, maximum: 3650 }),
    unit: Type.Union([Type.Literal('day'), Type.Literal('hour')]), unitId: Type.Optional(Type.String()),
    cutOff: Type.Optional(Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' })),
  });
  app.get<{ Querystring: Static<typeof DeadlineQuery> }>('/api/v1/calendar/deadline', {
    schema: {
      tags: ['calendar'], summary: 'Tính hạn giải quyết theo ngày/giờ làm việc',
      description: 'Thời điểm bắt đầu tính (sau giờ tiếp nhận cuối — mặc định 15:00 —, ngoài giờ hoặc ngày nghỉ: đầu buổi làm việc kế tiếp) và hạn trả, theo giờ Việt Nam (+07:00).',
      querystring: DeadlineQuery,
      response: { 200: Type.Object({ start: Type.String(), effectiveStart: Type.String(), dueAt: Type.String() }), ...problemResponses(400, 404, 422) },
    },
  }, async (req) => {
    const unit = await unitOf(req.query.unitId);
    const cal = await calendar.forUnit(unit?.id ?? null);
    const start = Date.parse(req.query.start);
    try {
      const eff = effectiveStart(start, cal, parseClock(req.query.cutOff ?? '15:00'));
      return { start: vnIso(start), effectiveStart: vnIso(eff), dueAt: vnIso(dueAt(eff, req.query.amount, req.query.unit, cal)) };
    } catch (err) {
      if (err instanceof RangeError) throw invalid('outside_calendar', 'Thời điểm hoặc hạn giải quyết nằm ngoài khoảng lịch hỗ trợ (2000–2100).');
      throw err;
    }
  });

  app.put<{ Params: { date: string }; Body: Static<typeof DayBody> }>('/api/v1/admin/calendar/days/:date', {
    schema: {
      tags: ['admin'], summary: 'Đặt một ngày nghỉ lễ / ngày làm bù', params: Type.Object({ date: Type.String() }), body: DayBody,
      response: { 200: Type.Object({ date: Type.String(), kind: Type.String(), name: Type.String() }), ...problemResponses(400, 401, 403, 422) },
    },
  }, async (req) => {
    requireAdmin(req);
    const problem = dayProblem(req.params.date, req.body.kind, req.body.name);
    if (problem) throw invalid('invalid_calendar_day', problem, [{ path: '/date', message: problem }]);
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('calendar_days').values({ day: req.params.date, kind: req.body.kind, name: req.body.name.trim(), mark: 'admin' })
        .onConflict((oc) => oc.column('day').doUpdateSet({ kind: req.body.kind, name: req.body.name.trim(), mark: 'admin' })).execute();
      await bumpCalendarRevision(trx);
    });
    return { date: req.params.date, kind: req.body.kind, name: req.body.name.trim() };
  });

  app.delete<{ Params: { date: string } }>('/api/v1/admin/calendar/days/:date', {
    schema: { tags: ['admin'], summary: 'Trả một ngày về lịch làm việc bình thường', params: Type.Object({ date: Type.String() }), response: { 204: Type.Null(), ...problemResponses(401, 403, 404) } },
  }, async (req, reply) => {
    requireAdmin(req);
    const done = await db.transaction().execute(async (trx) => {
      const r = await trx.deleteFrom('calendar_days').where('day', '=', validDate(req.params.date) ? req.params.date : '1900-01-01').executeTakeFirst();
      if (Number(r.numDeletedRows) > 0) await bumpCalendarRevision(trx);
      return Number(r.numDeletedRows) > 0;
    });
    if (!done) throw notFound('calendar_day_not_found', 'Ngày này không có trong danh sách ngày nghỉ lễ / làm bù.');
    return reply.status(204).send();
  });

  app.post<{ Body: Static<typeof ImportBody> }>('/api/v1/admin/calendar/import', {
    schema: {
      tags: ['admin'], summary: 'Nhập danh sách ngày nghỉ lễ / làm bù (dạng data/holidays/<năm>.json); kiểm tra trước với dryRun',
      body: ImportBody,
      response: { 200: Type.Object({ imported: Type.Integer(), dryRun: Type.Boolean(), errors: Type.Array(Type.Object({ path: Type.String(), message: Type.String() })) }), ...problemResponses(400, 401, 403, 422) },
    },
  }, async (req) => {
    requireAdmin(req);
    const errors: FieldError[] = [];
    const seen = new Set<string>();
    req.body.days.forEach((d, i) => {
      const p = dayProblem(d.date, d.kind, d.name) ?? (seen.has(d.date) ? 'Ngày bị lặp trong tệp.' : null);
      if (p) errors.push({ path: `/days/${i}`, message: `Dòng ${i + 1} (${d.date}): ${p}` });
      seen.add(d.date);
    });
    if (errors.length) throw invalid('invalid_calendar_import', `Tệp có ${errors.length} dòng không hợp lệ; chưa nhập dòng nào.`, errors);
    const dryRun = req.body.dryRun ?? false;
    if (!dryRun && req.body.days.length) {
      await db.transaction().execute(async (trx) => {
        for (const d of req.body.days) {
          const row = { day: d.date, kind: d.kind as 'holiday' | 'swapped_working', name: d.name.trim(), mark: d.mark ?? 'import' };
          await trx.insertInto('calendar_days').values(row).onConflict((oc) => oc.column('day').doUpdateSet({ kind: row.kind, name: row.name, mark: row.mark })).execute();
        }
        await bumpCalendarRevision(trx);
      });
    }
    return { imported: req.body.days.length, dryRun, errors: [] };
  });

  const unitCalendarResponse = Type.Object({ unitId: Type.String(), ...UnitCalendar.properties });
  const readUnitCalendar = async (unitId: string) => {
    const [sched, closures] = await Promise.all([
      db.selectFrom('unit_schedules').select('weekly').where('unit_id', '=', unitId).executeTakeFirst(),
      db.selectFrom('unit_closures').select(['day', 'name']).where('unit_id', '=', unitId).orderBy('day').execute(),
    ]);
    const cal = await calendar.forUnit(null);
    const weekly: ClockRange[][] = sched?.weekly ?? cal.weekly.map((d) => d.map((s) => ({ start: formatClock(s.start), end: formatClock(s.end) })));
    return { unitId, weekly, closures: closures.map((c) => ({ date: c.day, name: c.name })) };
  };

  app.get<{ Params: { id: string } }>('/api/v1/admin/units/:id/calendar', {
    schema: { tags: ['admin'], summary: 'Giờ làm việc và ngày nghỉ riêng của đơn vị', params: Type.Object({ id: Type.String() }), response: { 200: unitCalendarResponse, ...problemResponses(401, 403, 404) } },
  }, async (req) => {
    const actor = requireAdmin(req);
    const unit = (await unitOf(req.params.id, actor.tenantId))!;
    return readUnitCalendar(unit.id);
  });

  app.put<{ Params: { id: string }; Body: Static<typeof UnitCalendar> }>('/api/v1/admin/units/:id/calendar', {
    schema: { tags: ['admin'], summary: 'Sửa giờ làm việc và ngày nghỉ riêng của đơn vị', params: Type.Object({ id: Type.String() }), body: UnitCalendar, response: { 200: unitCalendarResponse, ...problemResponses(400, 401, 403, 404, 422) } },
  }, async (req) => {
    const actor = requireAdmin(req);
    const unit = (await unitOf(req.params.id, actor.tenantId))!;
    const errors = validateWeekly(req.body.weekly);
    req.body.closures.forEach((c, i) => { if (!validDate(c.date)) errors.push({ path: `/closures/${i}/date`, message: 'Ngày không hợp lệ.' }); });
    if (new Set(req.body.closures.map((c) => c.date)).size !== req.body.closures.length) errors.push({ path: '/closures', message: 'Có ngày nghỉ bị lặp.' });
    if (errors.length) throw invalid('invalid_unit_calendar', 'Lịch làm việc của đơn vị chưa hợp lệ.', errors);
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('unit_schedules').values({ unit_id: unit.id, tenant_id: unit.tenant_id, weekly: JSON.stringify(req.body.weekly) })
        .onConflict((oc) => oc.column('unit_id').doUpdateSet({ weekly: JSON.stringify(req.body.weekly), updated_at: new Date() })).execute();
      await trx.deleteFrom('unit_closures').where('unit_id', '=', unit.id).execute();
      if (req.body.closures.length) {
        await trx.insertInto('unit_closures').values(req.body.closures.map((c) => ({ unit_id: unit.id, tenant_id: unit.tenant_id, day: c.date, name: c.name.trim() }))).execute();
      }
      await bumpCalendarRevision(trx);
    });
    return readUnitCalendar(unit.id);
  });
}
