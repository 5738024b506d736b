/** Working-time helpers for deadline display (1 working day = 8 working hours = 480 minutes). */
import type { TFunction } from 'i18next';

export const MINUTES_PER_WORKING_DAY = 480;

/** "2 ngày 3 giờ", "3 giờ 20 phút", "45 phút" for an amount of working minutes (sign ignored). */
export function formatWorkingDuration(t: TFunction, minutes: number): string {
  const abs = Math.abs(Math.round(minutes));
  const days = Math.floor(abs / MINUTES_PER_WORKING_DAY);
  const hours = Math.floor((abs % MINUTES_PER_WORKING_DAY) / 60);
  const mins = abs % 60;
  const parts: string[] = [];
  if (days > 0) {
    parts.push(t('duration.days', { count: days }));
    if (hours > 0) parts.push(t('duration.hours', { count: hours }));
  } else {
    if (hours > 0) parts.push(t('duration.hours', { count: hours }));
    if (mins > 0 || hours === 0) parts.push(t('duration.minutes', { count: mins }));
  }
  return parts.join(' ');
}

/** "Còn 2 ngày 3 giờ" / "Quá 1 ngày 2 giờ". */
export function formatRemaining(t: TFunction, remainingMinutes: number): string {
  const time = formatWorkingDuration(t, remainingMinutes);
  return remainingMinutes < 0 ? t('deadline.overdueBy', { time }) : t('deadline.remaining', { time });
}
