import { dayIndexOfDate, dueAt, effectiveStart, parseClock, vnIso } from '../../../common/calendar';
import type { Tx } from '../../db/client';
import type { ClockRange } from '../../db/types';
import type { AppDeps } from '../../deps';
import { requireAdmin, type Actor } from '../../platform/auth';
import { invalid, notFound, type FieldError } from '../../platform/errors';
import { findUnit } from '../org/repo';
import { presentUnitCalendar, presentYear } from './present';
import { calendarEdited, fromWeekly } from './provider';
import {
  bumpRevision, deleteCalendarDay, namedDaysOfYear, replaceUnitSchedule, unitSchedule, upsertCalendarDay,
} from './repo';

// The working calendar's use cases: the public year view and deadline computation, and the admin's edits
// of national days and of each unit's office hours and closures. Every edit bumps the revision in its
// transaction, so every process recompiles its calendars.

type CalendarDeps = Pick<AppDeps, 'db' | 'calendar'>;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const ADMIN_ONLY = 'Chỉ quản trị viên mới sửa được lịch làm việc.';

const isWeekend = (date: string) => [0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());
const validDate = (date: string) => {
  if (!DATE.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`)) || new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date) return false;
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

/** Checks a weekly schedule: 7 days, each with sorted, non-overlapping sessions of valid clock times. */
export function validateWeekly(weekly: ClockRange[][]): FieldError[] {
  const errors: FieldError[] = [];
  if (weekly.length !== 7) return [{ path: '/weekly', message: 'Cần đủ 7 ngày trong tuần (Chủ nhật … Thứ bảy).' }];
  weekly.forEach((day, d) => {
    let prevEnd = -1;
    day.forEach((r, j) => {
      const path = `/weekly/${d}/${j}`;
      let s: number, e: number;
      try { s = parseClock(r.start); e = parseClock(r.end); } catch {
        errors.push({ path, message: 'Giờ phải theo dạng HH:MM.' });
        return;
      }
      if (e <= s) errors.push({ path, message: 'Giờ kết thúc phải sau giờ bắt đầu.' });
      if (s < prevEnd) errors.push({ path, message: 'Các buổi làm việc phải theo thứ tự và không chồng lên nhau.' });
      prevEnd = e;
    });
  });
  if (!weekly.some((d) => d.length > 0)) errors.push({ path: '/weekly', message: 'Đơn vị phải có ít nhất một buổi làm việc trong tuần.' });
  return errors;
}

/** The unit asked for (of the tenant when given), or 404; null when none is asked for. */
async function unitOf(deps: CalendarDeps, unitId: string | undefined, tenantId?: string) {
  if (!unitId) return null;
  const unit = await findUnit(deps.db, unitId, tenantId);
  if (!unit) throw notFound('unit_not_found', 'Không tìm thấy đơn vị.');
  return unit;
}

/** Runs a calendar edit in one transaction that also bumps the revision; tells this process once committed. */
async function edit<T>(deps: CalendarDeps, work: (trx: Tx) => Promise<T>): Promise<T> {
  const out = await deps.db.transaction().execute(async (trx) => {
    const r = await work(trx);
    await bumpRevision(trx);
    calendarEdited();
    return r;
  });
  calendarEdited();
  return out;
}

/** Every day of a year with its kind, name and office sessions, nationally or at a unit. */
export async function yearCalendar(deps: CalendarDeps, year: number, unitId?: string) {
  const unit = await unitOf(deps, unitId);
  const cal = await deps.calendar.forUnit(unit?.id ?? null);
  return presentYear(year, unit?.id ?? null, cal, await namedDaysOfYear(deps.db, year, unit?.id ?? null));
}

/** When the clock starts and when N working days or hours end, nationally or at a unit. */
export async function computeDeadline(deps: CalendarDeps, q: { start: string; amount: number; unit: 'day' | 'hour'; unitId?: string; cutOff?: string }) {
  const unit = await unitOf(deps, q.unitId);
  const cal = await deps.calendar.forUnit(unit?.id ?? null);
  const start = Date.parse(q.start);
  try {
    const eff = effectiveStart(start, cal, parseClock(q.cutOff ?? '15:00'));
    return { start: vnIso(start), effectiveStart: vnIso(eff), dueAt: vnIso(dueAt(eff, q.amount, q.unit, cal)) };
  } catch (err) {
    if (err instanceof RangeError) throw invalid('outside_calendar', 'Thời điểm hoặc hạn giải quyết nằm ngoài khoảng lịch hỗ trợ (2000–2100).');
    throw err;
  }
}

/** An admin sets a national holiday or swapped working day. */
export async function setCalendarDay(deps: CalendarDeps, actor: Actor, date: string, input: { kind: 'holiday' | 'swapped_working'; name: string }) {
  requireAdmin(actor, ADMIN_ONLY);
  const problem = dayProblem(date, input.kind, input.name);
  if (problem) throw invalid('invalid_calendar_day', problem, [{ path: '/date', message: problem }]);
  const row = { day: date, kind: input.kind, name: input.name.trim(), mark: 'admin' };
  await edit(deps, (trx) => upsertCalendarDay(trx, row));
  return { date, kind: row.kind, name: row.name };
}

/** An admin returns a day to the ordinary calendar; 404 when it was not a national day. */
export async function removeCalendarDay(deps: CalendarDeps, actor: Actor, date: string): Promise<void> {
  requireAdmin(actor, ADMIN_ONLY);
  const done = validDate(date) && await deps.db.transaction().execute(async (trx) => {
    const deleted = await deleteCalendarDay(trx, date);
    if (deleted) {
      await bumpRevision(trx);
      calendarEdited();
    }
    return deleted;
  });
  if (!done) throw notFound('calendar_day_not_found', 'Ngày này không có trong danh sách ngày nghỉ lễ / làm bù.');
  calendarEdited();
}

/** An admin imports a list of national days (data/holidays/<year>.json): all valid, or none imported. */
export async function importCalendarDays(
  deps: CalendarDeps, actor: Actor, input: { dryRun?: boolean; days: { date: string; kind: string; name: string; mark?: string }[] },
) {
  requireAdmin(actor, ADMIN_ONLY);
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  input.days.forEach((d, i) => {
    const p = dayProblem(d.date, d.kind, d.name) ?? (seen.has(d.date) ? 'Ngày bị lặp trong tệp.' : null);
    if (p) errors.push({ path: `/days/${i}`, message: `Dòng ${i + 1} (${d.date}): ${p}` });
    seen.add(d.date);
  });
  if (errors.length) throw invalid('invalid_calendar_import', `Tệp có ${errors.length} dòng không hợp lệ; chưa nhập dòng nào.`, errors);
  const dryRun = input.dryRun ?? false;
  if (!dryRun && input.days.length) {
    await edit(deps, async (trx) => {
      for (const d of input.days) {
        await upsertCalendarDay(trx, { day: d.date, kind: d.kind as 'holiday' | 'swapped_working', name: d.name.trim(), mark: d.mark ?? 'import' });
      }
    });
  }
  return { imported: input.days.length, dryRun, errors: [] };
}

async function readUnitCalendar(deps: CalendarDeps, unitId: string) {
  const { weekly, closures } = await unitSchedule(deps.db, unitId);
  return presentUnitCalendar(unitId, weekly ?? fromWeekly((await deps.calendar.forUnit(null)).weekly), closures);
}

/** A unit's office hours and closures, for its tenant's admin. */
export async function unitCalendar(deps: CalendarDeps, actor: Actor, unitId: string) {
  requireAdmin(actor, ADMIN_ONLY);
  const unit = (await unitOf(deps, unitId, actor.tenantId))!;
  return readUnitCalendar(deps, unit.id);
}

/** The tenant's admin replaces a unit's office hours and closures. */
export async function setUnitCalendar(
  deps: CalendarDeps, actor: Actor, unitId: string, input: { weekly: ClockRange[][]; closures: { date: string; name: string }[] },
) {
  requireAdmin(actor, ADMIN_ONLY);
  const unit = (await unitOf(deps, unitId, actor.tenantId))!;
  const errors = validateWeekly(input.weekly);
  input.closures.forEach((c, i) => { if (!validDate(c.date)) errors.push({ path: `/closures/${i}/date`, message: 'Ngày không hợp lệ.' }); });
  if (new Set(input.closures.map((c) => c.date)).size !== input.closures.length) errors.push({ path: '/closures', message: 'Có ngày nghỉ bị lặp.' });
  if (errors.length) throw invalid('invalid_unit_calendar', 'Lịch làm việc của đơn vị chưa hợp lệ.', errors);
  await edit(deps, (trx) => replaceUnitSchedule(trx, unit, input.weekly, input.closures.map((c) => ({ day: c.date, name: c.name.trim() }))));
  return readUnitCalendar(deps, unit.id);
}
