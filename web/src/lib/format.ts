/** Formatting helpers: dates in Vietnam time (UTC+7, no DST), sizes, money. */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);

const VN_OFFSET_MINUTES = 7 * 60;

/** dd/MM/yyyy HH:mm in Vietnam time, or "—". */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const d = dayjs(value);
  if (!d.isValid()) return value;
  return d.utcOffset(VN_OFFSET_MINUTES).format('DD/MM/YYYY HH:mm');
}

/** dd/MM/yyyy (date-only strings are shown as is, datetimes in Vietnam time), or "—". */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [y, m, d] = value.split('-');
    return `${d}/${m}/${y}`;
  }
  const d = dayjs(value);
  if (!d.isValid()) return value;
  return d.utcOffset(VN_OFFSET_MINUTES).format('DD/MM/YYYY');
}

/** Human file size (KB / MB). */
export function formatSize(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return '—';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Vietnamese đồng amount, e.g. "8.000 đ". */
export function formatMoney(amount: number | null | undefined): string {
  if (amount === null || amount === undefined) return '—';
  return `${new Intl.NumberFormat('vi-VN').format(amount)} đ`;
}

/** True when a due date lies in the past. */
export function isPast(value: string | null | undefined): boolean {
  if (!value) return false;
  const d = dayjs(value);
  return d.isValid() && d.isBefore(dayjs());
}

/**
 * A picker value showing the Vietnam wall-clock time of an instant (pickers work in the browser's
 * local zone, so the VN date/time is re-read as a local date/time).
 */
export function toVnPickerValue(value: string | null | undefined): dayjs.Dayjs | null {
  if (!value) return null;
  const d = dayjs(value);
  if (!d.isValid()) return null;
  return dayjs(d.utcOffset(VN_OFFSET_MINUTES).format('YYYY-MM-DDTHH:mm'));
}

/** ISO 8601 with +07:00 for a picker value read as Vietnam wall-clock time. */
export function fromVnPickerValue(value: dayjs.Dayjs): string {
  return `${value.format('YYYY-MM-DDTHH:mm')}:00+07:00`;
}

/** "HH:mm" → a picker value today at that time (for TimePicker). */
export function timeToPicker(hhmm: string): dayjs.Dayjs {
  const [h, m] = hhmm.split(':').map((x) => Number(x) || 0);
  return dayjs().hour(h).minute(m).second(0).millisecond(0);
}

/** Day of the week of a YYYY-MM-DD date, 0 = Sunday … 6 = Saturday (independent of the time zone). */
export function weekdayOf(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

/** Short human name of a MIME type (PDF, JPEG, PNG …). */
export function fileKind(contentType: string): string {
  const ct = (contentType ?? '').toLowerCase();
  if (ct.includes('pdf')) return 'PDF';
  if (ct.includes('jpeg') || ct.includes('jpg')) return 'JPEG';
  if (ct.includes('png')) return 'PNG';
  return ct.split('/').pop()?.toUpperCase() || '—';
}
