import { makeCalendar, type WorkCalendar } from '../../../common/calendar';
import type { Db } from '../../db/client';

/** Holds the working calendar loaded from the database; `reload()` after calendar edits. */
export interface CalendarProvider {
  get(): WorkCalendar;
  reload(): Promise<void>;
}

export async function createCalendarProvider(db: Db): Promise<CalendarProvider> {
  let current: WorkCalendar;
  const reload = async () => {
    const days = await db.selectFrom('calendar_days').select(['day', 'kind']).execute();
    current = makeCalendar(days);
  };
  await reload();
  return { get: () => current, reload };
}
