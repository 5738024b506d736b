/** The working calendar: a year's days (national or a unit's), due-date computation, holidays, unit hours. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { queryKeys } from '../../api/queryKeys';
import type {
  CalendarDayInput, CalendarImportResult, CalendarYear, DeadlineQuery, DeadlineResult, HolidayFileDay, UnitCalendar,
} from '../../api/types';

/** Every date of a year with its kind (national calendar, or a unit's when unitId is given). */
export function useCalendarDays(year: number, unitId: string | null) {
  return useQuery({
    queryKey: queryKeys.calendar.days.year(year, unitId),
    queryFn: ({ signal }) => api<CalendarYear>('/calendar/days', { query: { year, unitId }, signal }),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

/** Compute a due date (GET /calendar/deadline). */
export function useComputeDeadline() {
  return useMutation({
    mutationFn: (q: DeadlineQuery) => api<DeadlineResult>('/calendar/deadline', { query: { ...q } }),
  });
}

/** Mark a date as a national holiday or swapped working day. */
export function useSetCalendarDay() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CalendarDayInput & { date: string }) =>
      api<{ date: string; kind: string; name: string }>(`/admin/calendar/days/${encodeURIComponent(input.date)}`, {
        method: 'PUT',
        body: { kind: input.kind, name: input.name },
      }),
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.calendar.all }),
  });
}

/** Return a date to its normal weekly kind. */
export function useResetCalendarDay() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (date: string) => api<void>(`/admin/calendar/days/${encodeURIComponent(date)}`, { method: 'DELETE' }),
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.calendar.all }),
  });
}

/** Import national holidays (dry run first, then for real). */
export function useImportCalendar() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { dryRun: boolean; days: HolidayFileDay[] }) =>
      api<CalendarImportResult>('/admin/calendar/import', { method: 'POST', body: input }),
    onSuccess: (res) => {
      if (!res.dryRun) void qc.invalidateQueries({ queryKey: queryKeys.calendar.all });
    },
  });
}

/** A unit's weekly office hours and own closures. */
export function useUnitCalendar(unitId: string | null) {
  return useQuery({
    queryKey: queryKeys.calendar.unit(unitId ?? ''),
    queryFn: ({ signal }) => api<UnitCalendar>(`/admin/units/${encodeURIComponent(unitId ?? '')}/calendar`, { signal }),
    enabled: !!unitId,
  });
}

/** Saves a unit's office hours and closures; every year's days are refetched. */
export function useSaveUnitCalendar(unitId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: Pick<UnitCalendar, 'weekly' | 'closures'>) =>
      api<UnitCalendar>(`/admin/units/${encodeURIComponent(unitId)}/calendar`, { method: 'PUT', body: input }),
    onSuccess: (cal) => {
      qc.setQueryData(queryKeys.calendar.unit(unitId), cal);
    },
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.calendar.days.all }),
  });
}
