import {
  addWorkingMinutes, dueAt as computeDue, effectiveStart, parseClock, workingMinutesBetween, type WorkCalendar,
} from '../../../common/calendar';
import { type Quota, quotaHours } from '../../../common/workflow';
import { invalid } from '../../platform/errors';
import type { Decision } from '../workflow/engine';

// Legal time as a decision moves a dossier: which date columns change, computed from the decision's
// effects on the unit's working calendar. Pure (the clock is an argument); the commit writes the result.

/** The dossier facts the clock reads: an existing row, or a new dossier about to be written. */
export interface ClockBase {
  channel: 'online' | 'direct' | 'postal' | 'national_portal';
  submitted_at: Date | null; complete_at: Date | null;
  cut_off: string; processing_amount: string | number; processing_unit: 'day' | 'hour';
  due_at: Date | null; step_due_at: Date | null; original_due_at: Date | null; paused_at: Date | null;
  extension_count: number; origin_dossier_id: string | null;
}

/** What the actor said with the command that the clock needs (an extension's date, how the result went back). */
export interface ClockInput {
  newDueAt?: string | null; returnMethod?: 'desk' | 'post' | 'online' | null; recipientName?: string | null;
  /** A new leg: when the origin's transfer task is due (the leg's deadline). */
  legDueAt?: Date | null;
}

/** Moves an instant by the working time that passed between `pausedAt` and `now` (a pause carries the remaining time). */
export function carryOver(deadline: Date | null, pausedAt: Date, now: number, cal: WorkCalendar): Date | null {
  if (!deadline || pausedAt >= deadline) return deadline;
  const remaining = workingMinutesBetween(pausedAt.getTime(), deadline.getTime(), cal);
  return new Date(addWorkingMinutes(effectiveStart(now, cal), remaining, cal));
}

/** When a quota that starts now ends, on a calendar (null: no quota). */
export const dueIn = (quota: Quota | null, now: number, cal: WorkCalendar) =>
  (quota && quotaHours(quota) > 0 ? new Date(addWorkingMinutes(now, quotaHours(quota) * 60, cal)) : null);

export type ClockChanges = Record<string, Date | null | number | string>;

/** The clock and date columns a decision changes. Throws 422 when the command lacks what an effect needs. */
export function clockChanges(d: ClockBase, decision: Decision, now: number, cal: WorkCalendar, input: ClockInput): ClockChanges {
  const changes: ClockChanges = {};
  for (const effect of decision.effects) {
    switch (effect) {
      case 'submitted':
        changes.submitted_at = new Date(now);
        changes.complete_at = new Date(now);
        break;
      case 'start_clock': {
        // Online: the clock runs from when the complete dossier was recorded; walk-in: from acceptance.
        const recorded = d.channel === 'direct' ? now : (d.complete_at ?? d.submitted_at ?? new Date(now)).getTime();
        const start = effectiveStart(recorded, cal, parseClock(d.cut_off));
        changes.received_at = new Date(now);
        changes.effective_start = new Date(start);
        changes.due_at = new Date(computeDue(start, Number(d.processing_amount), d.processing_unit, cal));
        break;
      }
      case 'leg_clock': {
        // A leg is received when the origin sends it; its deadline is the origin's quota for the transfer.
        changes.received_at = new Date(now);
        changes.effective_start = new Date(now);
        changes.due_at = input.legDueAt ?? null;
        break;
      }
      case 'enter_step': {
        // The step's own deadline: the quota of the node entered (each consulted unit's task has the same).
        const main = decision.open.find((t) => t.kind !== 'desk');
        changes.step_due_at = dueIn(main?.quota ?? null, now, cal);
        break;
      }
      case 'pause_clock':
        changes.paused_at = new Date(now);
        break;
      case 'resume_clock':
        // Waiting for the applicant stops the clock: the remaining working time is carried over.
        if (d.paused_at) {
          changes.due_at = carryOver(d.due_at, d.paused_at, now, cal);
          changes.step_due_at = carryOver(d.step_due_at, d.paused_at, now, cal);
        }
        changes.paused_at = null;
        break;
      case 'extend': {
        const next = input.newDueAt ? Date.parse(input.newDueAt) : Number.NaN;
        if (Number.isNaN(next)) {
          throw invalid('new_due_required', 'Vui lòng chọn ngày hẹn trả kết quả mới.', [{ path: '/newDueAt', message: 'Bắt buộc chọn ngày hẹn mới.' }]);
        }
        if (!d.due_at || next <= d.due_at.getTime() || next <= now) {
          throw invalid('new_due_too_early', 'Ngày hẹn trả mới phải sau ngày hẹn hiện tại và sau thời điểm hiện tại.', [{ path: '/newDueAt', message: 'Ngày hẹn mới phải sau ngày hẹn hiện tại.' }]);
        }
        changes.original_due_at = d.original_due_at ?? d.due_at;
        changes.due_at = new Date(next);
        changes.extension_count = d.extension_count + 1;
        break;
      }
      case 'mark_complete':
        changes.complete_at = new Date(now);
        break;
      case 'decided':
      case 'ended':
        changes.completed_at = new Date(now);
        changes.step_due_at = null;
        break;
      case 'returned': {
        if (d.origin_dossier_id) { changes.returned_at = new Date(now); break; }
        if (!input.returnMethod) {
          throw invalid('return_method_required', 'Chọn hình thức trả kết quả (tại Bộ phận một cửa, qua bưu chính hoặc trực tuyến).', [{ path: '/returnMethod', message: 'Bắt buộc chọn hình thức trả kết quả.' }]);
        }
        if (input.returnMethod !== 'online' && !input.recipientName?.trim()) {
          throw invalid('recipient_required', 'Ghi họ tên người nhận kết quả.', [{ path: '/recipientName', message: 'Bắt buộc ghi người nhận kết quả.' }]);
        }
        changes.returned_at = new Date(now);
        changes.return_method = input.returnMethod;
        changes.recipient_name = input.recipientName?.trim() || null;
        break;
      }
      case 'assign_code':
      case 'leg_done':
        break; // written by the commit itself (the code sequence; the origin's continuation)
    }
  }
  return changes;
}
