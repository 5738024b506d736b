/** Dossier statuses (API contract) with the national synchronisation code each maps to. */
export const DOSSIER_STATUSES = [
  'draft', 'submitted', 'in_progress', 'awaiting_supplement', 'awaiting_payment', 'paused',
  'rejected', 'refused', 'result_ready', 'returned', 'withdrawn',
] as const;
export type DossierStatusCode = (typeof DOSSIER_STATUSES)[number];

/** Statuses a dossier never leaves. */
export const FINAL_STATUSES: ReadonlySet<DossierStatusCode> = new Set(['rejected', 'refused', 'returned', 'withdrawn']);

/** Statuses during which the legal clock is stopped while waiting for the applicant or a legal reason. */
export const PAUSED_STATUSES: ReadonlySet<DossierStatusCode> = new Set(['awaiting_supplement', 'awaiting_payment', 'paused']);

export const STATUS_LABELS_VI: Record<DossierStatusCode, string> = {
  draft: 'Hồ sơ nháp',
  submitted: 'Mới nộp, chờ tiếp nhận',
  in_progress: 'Đang xử lý',
  awaiting_supplement: 'Chờ bổ sung',
  awaiting_payment: 'Chờ thực hiện nghĩa vụ tài chính',
  paused: 'Tạm dừng',
  rejected: 'Từ chối tiếp nhận',
  refused: 'Từ chối giải quyết',
  result_ready: 'Đã có kết quả, chờ trả',
  returned: 'Đã trả kết quả',
  withdrawn: 'Đã rút hồ sơ',
};
