/** Label helpers for catalog values whose codes are not fixed by the contract. */
import type { TFunction } from 'i18next';

const LEVEL_ALIASES: Record<string, string> = {
  province: 'province',
  provincial: 'province',
  tinh: 'province',
  commune: 'commune',
  xa: 'commune',
  ward: 'commune',
  phuong: 'commune',
  department: 'department',
  division: 'division',
  district: 'district',
  huyen: 'district',
  central: 'central',
  trung_uong: 'central',
  ministry: 'central',
};

/** Administrative level label ("Cấp tỉnh", "Cấp xã", …); unknown values are shown as given. */
export function levelLabel(t: TFunction, level: string | null | undefined): string {
  if (!level) return '—';
  const key = LEVEL_ALIASES[level.toLowerCase()];
  return key ? t(`level.${key}`) : level;
}
