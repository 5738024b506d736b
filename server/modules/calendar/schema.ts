import { Type } from 'typebox';
import { CALENDAR_DAY_KINDS } from '../../../common/calendar';
import { oneOf } from '../../platform/openapi';

const DATE = '^\\d{4}-\\d{2}-\\d{2}$';
export const Clock = Type.Object({ start: Type.String({ pattern: '^\\d{2}:\\d{2}$' }), end: Type.String({ pattern: '^\\d{2}:\\d{2}$' }) });
export const UnitCalendar = Type.Object({
  weekly: Type.Array(Type.Array(Clock, { maxItems: 6 }), { minItems: 7, maxItems: 7 }),
  closures: Type.Array(Type.Object({ date: Type.String({ pattern: DATE }), name: Type.String({ minLength: 1, maxLength: 200 }) }), { maxItems: 400 }),
});
export const UnitCalendarResponse = Type.Object({ unitId: Type.String(), ...UnitCalendar.properties });
export const DayBody = Type.Object({
  kind: Type.Union([Type.Literal('holiday'), Type.Literal('swapped_working')]),
  name: Type.String({ minLength: 1, maxLength: 200 }),
});
export const DayResponse = Type.Object({ date: Type.String(), kind: Type.String(), name: Type.String() });
export const DateParams = Type.Object({ date: Type.String() });
export const IdParams = Type.Object({ id: Type.String() });
export const ImportBody = Type.Object({
  dryRun: Type.Optional(Type.Boolean()),
  days: Type.Array(Type.Object({
    date: Type.String({ maxLength: 10 }), kind: Type.String({ maxLength: 40 }), name: Type.String({ maxLength: 200 }), mark: Type.Optional(Type.String({ maxLength: 20 })),
  }), { maxItems: 5000 }),
});
export const ImportResult = Type.Object({
  imported: Type.Integer(), dryRun: Type.Boolean(), errors: Type.Array(Type.Object({ path: Type.String(), message: Type.String() })),
});
export const DaysQuery = Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }), unitId: Type.Optional(Type.String()) });
export const YearDays = Type.Object({
  year: Type.Integer(), unitId: Type.Union([Type.String(), Type.Null()]),
  days: Type.Array(Type.Object({
    date: Type.String(), kind: oneOf(CALENDAR_DAY_KINDS), name: Type.Union([Type.String(), Type.Null()]),
    source: Type.Union([oneOf(['national', 'unit']), Type.Null()]), sessions: Type.Array(Clock),
  })),
});
export const DeadlineQuery = Type.Object({
  start: Type.String({ format: 'date-time' }), amount: Type.Number({ minimum: 0, maximum: 3650 }),
  unit: Type.Union([Type.Literal('day'), Type.Literal('hour')]), unitId: Type.Optional(Type.String()),
  cutOff: Type.Optional(Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' })),
});
export const Deadline = Type.Object({ start: Type.String(), effectiveStart: Type.String(), dueAt: Type.String() });
