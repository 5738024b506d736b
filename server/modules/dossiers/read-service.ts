import type { WorkCalendar } from '../../../common/calendar';
import { toGraph } from '../../../common/workflow';
import type { AppDeps } from '../../deps';
import type { Actor } from '../../platform/auth';
import { notFound } from '../../platform/errors';
import { presentDossier, presentEvents, presentProcess, presentPublic, presentSummary } from './present';
import {
  dossierUnit, filesAndFees, findDossierByCode, legsOf, listEvents, myDossiers, tasksWithPeople, type DossierRow, type SummaryRow,
} from './repo';
import { loadReadable, visibleFiles } from './service';

// The dossier's read use cases: the full view, the applicant's list, the timeline, the process diagram and
// the public lookup. (Kept beside service.ts, which holds the write path, until the two are merged.)

type ReadDeps = Pick<AppDeps, 'db' | 'calendar' | 'now'>;

/** The full dossier as this reader may see it (files filtered by `visibleFiles`), with fees and deadline. */
export async function dossierView(deps: ReadDeps, actor: Actor, d: DossierRow) {
  const [{ files, fees }, cal] = await Promise.all([filesAndFees(deps.db, d.id), deps.calendar.forUnit(d.unit_id)]);
  return presentDossier(d, await visibleFiles(deps.db, actor, d, files), deps.now(), cal, fees);
}

/** Summaries with their deadline verdicts, each on its own unit's calendar. */
async function summaries(deps: ReadDeps, rows: SummaryRow[]) {
  const cals = new Map<string, WorkCalendar>();
  for (const r of rows) if (!cals.has(r.unit_id)) cals.set(r.unit_id, await deps.calendar.forUnit(r.unit_id));
  const t = deps.now();
  return { items: rows.map((r) => presentSummary(r, t, cals.get(r.unit_id)!)), total: rows[0] ? Number(rows[0].total) : 0 };
}

/** The caller's own dossiers, newest first. */
export async function myDossierList(deps: ReadDeps, actor: Actor, paging: { limit: number; offset: number }) {
  return summaries(deps, await myDossiers(deps.db, actor.userId, paging));
}

/** What happened to a readable dossier, in order. */
export async function timeline(deps: ReadDeps, actor: Actor, id: string) {
  const d = await loadReadable(deps.db, actor, id);
  return { items: presentEvents(await listEvents(deps.db, d.id), d.definition) };
}

/** Anyone may look a dossier's status up by its code; nothing personal is shown. */
export async function publicLookup(deps: Pick<AppDeps, 'db'>, code: string) {
  const d = await findDossierByCode(deps.db, code.trim().toUpperCase());
  if (!d || !d.code) throw notFound('dossier_not_found', `Không tìm thấy hồ sơ có mã "${code}".`);
  return presentPublic(d);
}

/** The process diagram of a readable dossier (holders and comments shown to officers only). */
export async function processOf(deps: ReadDeps, actor: Actor, id: string) {
  const t = deps.now();
  const d = await loadReadable(deps.db, actor, id, t);
  const officer = actor.roles.some((r) => r.role !== 'citizen' && r.role !== 'business');
  const tasks = await tasksWithPeople(deps.db, d.id);
  const cals = await deps.calendar.snapshot();
  const legs = await legsOf(deps.db, d.id);
  const origin = d.origin_dossier_id ? await dossierUnit(deps.db, d.origin_dossier_id) : undefined;
  return presentProcess(toGraph(d.definition), tasks, legs, origin, t, cals, officer);
}
