import { memo } from 'react';
import { Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CalendarDay } from '../../api/types';
import { weekdayOf } from '../../lib/format';
import { displayKind, formatDayLong, formatSessions, MONDAY_FIRST } from './calendarUtil';

interface Props {
  year: number;
  /** 0 = January. */
  month: number;
  days: Map<string, CalendarDay>;
  closures: Map<string, string>;
  today: string;
  onSelect?: (day: CalendarDay) => void;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** A compact month calendar (Monday-first weeks) colouring each day by its kind. */
export const MonthGrid = memo(function MonthGrid({ year, month, days, closures, today, onSelect }: Props) {
  const { t } = useTranslation();
  const count = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const first = `${year}-${pad(month + 1)}-01`;
  const lead = (weekdayOf(first) + 6) % 7;
  const cells: (string | null)[] = [...Array<null>(lead).fill(null)];
  for (let d = 1; d <= count; d++) cells.push(`${year}-${pad(month + 1)}-${pad(d)}`);
  while (cells.length % 7 !== 0) cells.push(null);

  return (
    <div className="mc-cal-month" data-testid={`cal-month-${month + 1}`}>
      <div className="mc-cal-month-title">{t('calendar.month', { month: month + 1 })}</div>
      <div className="mc-cal-grid" role="grid" aria-label={`${t('calendar.month', { month: month + 1 })} / ${year}`}>
        {MONDAY_FIRST.map((wd) => (
          <div key={`h${wd}`} className={`mc-cal-head${wd === 0 || wd === 6 ? ' mc-cal-head-weekend' : ''}`} role="columnheader">
            {t(`calendar.wd${wd}`)}
          </div>
        ))}
        {cells.map((date, i) => {
          if (!date) return <div key={`e${i}`} className="mc-cal-empty" />;
          const day = days.get(date);
          const dayNo = Number(date.slice(8));
          if (!day) {
            return (
              <div key={date} className="mc-cal-day mc-cal-unknown" data-testid={`cal-day-${date}`}>
                {dayNo}
              </div>
            );
          }
          const kind = displayKind(day, closures);
          const name = kind === 'closure' ? (closures.get(date) ?? day.name) : day.name;
          const tip = (
            <>
              <div>{formatDayLong(t, date)}</div>
              {name ? <div style={{ fontWeight: 600 }}>{name}</div> : <div>{t(`calendar.kind.${kind}`)}</div>}
              {name && <div>{t(`calendar.kind.${kind}`)}</div>}
              {day.sessions.length > 0 && <div>{t('calendar.sessions', { sessions: formatSessions(day.sessions) })}</div>}
            </>
          );
          const common = {
            className: `mc-cal-day mc-cal-${kind}${date === today ? ' mc-cal-today' : ''}${name ? ' mc-cal-named' : ''}`,
            'data-testid': `cal-day-${date}`,
            'data-kind': day.kind,
            'data-display-kind': kind,
            'data-source': day.source ?? '',
            'aria-label': `${formatDayLong(t, date)}: ${name ? `${name} — ` : ''}${t(`calendar.kind.${kind}`)}`,
          };
          return (
            <Tooltip key={date} title={tip} mouseEnterDelay={0.2}>
              {onSelect ? (
                <button type="button" {...common} onClick={() => onSelect(day)}>
                  {dayNo}
                </button>
              ) : (
                <div {...common} role="gridcell">
                  {dayNo}
                </div>
              )}
            </Tooltip>
          );
        })}
      </div>
    </div>
  );
});
