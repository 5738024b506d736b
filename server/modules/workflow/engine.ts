import type { DossierStatus, Role, WorkflowDefinition, WorkflowStepDef } from '../../db/types';

// The skeleton's workflow engine: a pure function from (definition, dossier snapshot, action, actor)
// to a decision. No I/O: the dossier service persists the decision in one transaction.
// The workflow issue generalises the ordered list of steps into a graph; the API stays the same.

export type ActionKind = 'advance' | 'back' | 'supplement' | 'reject' | 'refuse' | 'pause' | 'other';

export type ActionName =
  | 'accept' | 'reject' | 'request_supplement' | 'submit_supplement' | 'advance' | 'back'
  | 'refuse' | 'return_result' | 'withdraw' | 'extend' | 'request_payment' | 'confirm_payment' | 'pause' | 'resume';

export const ACTION_NAMES: readonly ActionName[] = [
  'accept', 'reject', 'request_supplement', 'submit_supplement', 'advance', 'back', 'refuse', 'return_result', 'withdraw',
  'extend', 'request_payment', 'confirm_payment', 'pause', 'resume',
];

export interface Snapshot {
  status: DossierStatus;
  stepKey: string | null;
  supplementStage: 'desk' | 'processing' | null;
  /** Apologies with a new appointment (Mẫu 04) already issued: the law allows one. */
  extensionCount?: number;
}

/** Who is acting, relative to this dossier. */
export interface ActorContext {
  isApplicant: boolean;
  /** Roles the actor holds at the unit the dossier is at. */
  unitRoles: ReadonlySet<Role>;
}

export interface AvailableAction {
  action: ActionName;
  kind: ActionKind;
  label: string;
  requiresComment: boolean;
}

/** Side effects the service must apply with the new state. */
export type Effect =
  | 'start_clock'      // accepted: set received_at, effective start and due date
  | 'pause_clock'      // processing stopped while waiting for the applicant
  | 'resume_clock'     // waiting ended: move the due date by the paused working time
  | 'mark_complete'    // the complete dossier was (re)recorded: online clock start
  | 'decided'          // a decision was taken (result ready / refused): freeze the verdict
  | 'ended'            // ended without decision (rejected, withdrawn)
  | 'returned'         // the result was handed over
  | 'enter_step'       // a workflow step starts: its own deadline from its quota
  | 'extend';          // apology with a new appointment: new due date, the original kept for lateness

export interface Decision {
  ok: true;
  action: AvailableAction;
  toStatus: DossierStatus;
  toStep: string | null;
  supplementStage: 'desk' | 'processing' | null;
  effects: Effect[];
}

export interface Rejection {
  ok: false;
  /** `not_available`: not valid in this state (HTTP 422); `forbidden`: valid, but not for this actor (403);
   *  `comment_required`: the action needs a reason (422). */
  code: 'not_available' | 'forbidden' | 'comment_required';
}

interface Transition {
  action: ActionName;
  kind: ActionKind;
  label: string;
  requiresComment: boolean;
  /** Who may take it. */
  allowed: (actor: ActorContext) => boolean;
  next: Omit<Decision, 'ok' | 'action'>;
}

const desk = (a: ActorContext) => a.unitRoles.has('desk');
const leader = (a: ActorContext) => a.unitRoles.has('leader');
const applicant = (a: ActorContext) => a.isApplicant;
const hasRole = (role: Role) => (a: ActorContext) => a.unitRoles.has(role);

function stepIndex(def: WorkflowDefinition, key: string | null): number {
  return def.steps.findIndex((s) => s.key === key);
}

/** The applicant asks to stop before a decision: online themselves, or at the desk, which records it (Mẫu 05). */
function withdrawTransition(snap: Snapshot): Transition {
  return {
    action: 'withdraw', kind: 'other', label: 'Rút hồ sơ (dừng giải quyết)', requiresComment: false,
    allowed: (a) => a.isApplicant || a.unitRoles.has('desk'),
    next: { toStatus: 'withdrawn', toStep: snap.stepKey, supplementStage: null, effects: ['ended'] },
  };
}

/** Every transition leaving the snapshot's state, regardless of who asks. */
export function transitionsFrom(def: WorkflowDefinition, snap: Snapshot): Transition[] {
  const first = def.steps[0];
  switch (snap.status) {
    case 'submitted':
      return [
        {
          action: 'accept', kind: 'advance', label: 'Tiếp nhận hồ sơ', requiresComment: false, allowed: desk,
          next: { toStatus: 'in_progress', toStep: first?.key ?? null, supplementStage: null, effects: ['start_clock', 'enter_step'] },
        },
        {
          action: 'request_supplement', kind: 'supplement', label: 'Yêu cầu bổ sung, hoàn thiện hồ sơ', requiresComment: true,
          allowed: desk, next: { toStatus: 'awaiting_supplement', toStep: null, supplementStage: 'desk', effects: [] },
        },
        {
          action: 'reject', kind: 'reject', label: 'Từ chối tiếp nhận', requiresComment: true, allowed: desk,
          next: { toStatus: 'rejected', toStep: null, supplementStage: null, effects: ['ended'] },
        },
        withdrawTransition(snap),
      ];
    case 'awaiting_supplement': {
      const atDesk = snap.supplementStage !== 'processing';
      const list: Transition[] = [
        {
          action: 'submit_supplement', kind: 'other', label: 'Nộp bổ sung hồ sơ', requiresComment: false, allowed: applicant,
          next: atDesk
            ? { toStatus: 'submitted', toStep: null, supplementStage: null, effects: ['mark_complete'] }
            : { toStatus: 'in_progress', toStep: snap.stepKey, supplementStage: null, effects: ['resume_clock'] },
        },
        withdrawTransition(snap),
      ];
      if (atDesk) {
        list.push({
          action: 'reject', kind: 'reject', label: 'Từ chối tiếp nhận', requiresComment: true, allowed: desk,
          next: { toStatus: 'rejected', toStep: null, supplementStage: null, effects: ['ended'] },
        });
      }
      return list;
    }
    case 'in_progress': {
      const i = stepIndex(def, snap.stepKey);
      const step: WorkflowStepDef | undefined = def.steps[i];
      if (!step) return [withdrawTransition(snap)];
      const next = def.steps[i + 1];
      const prev = i > 0 ? def.steps[i - 1] : undefined;
      const byStep = hasRole(step.role);
      const list: Transition[] = [
        next
          ? {
              action: 'advance', kind: 'advance', label: `Chuyển bước: ${next.name}`, requiresComment: false, allowed: byStep,
              next: { toStatus: 'in_progress', toStep: next.key, supplementStage: null, effects: ['enter_step'] },
            }
          : {
              action: 'advance', kind: 'advance', label: 'Phê duyệt, chuyển trả kết quả', requiresComment: false, allowed: byStep,
              next: { toStatus: 'result_ready', toStep: null, supplementStage: null, effects: ['decided'] },
            },
      ];
      if (prev) {
        list.push({
          action: 'back', kind: 'back', label: `Trả lại bước trước: ${prev.name}`, requiresComment: true, allowed: byStep,
          next: { toStatus: 'in_progress', toStep: prev.key, supplementStage: null, effects: ['enter_step'] },
        });
      }
      list.push({
        action: 'request_supplement', kind: 'supplement', label: 'Yêu cầu bổ sung, hoàn thiện hồ sơ', requiresComment: true,
        allowed: byStep,
        next: { toStatus: 'awaiting_supplement', toStep: step.key, supplementStage: 'processing', effects: ['pause_clock'] },
      });
      list.push({
        action: 'request_payment', kind: 'pause', label: 'Thông báo thực hiện nghĩa vụ tài chính', requiresComment: true, allowed: byStep,
        next: { toStatus: 'awaiting_payment', toStep: step.key, supplementStage: null, effects: ['pause_clock'] },
      });
      list.push({
        action: 'pause', kind: 'pause', label: 'Tạm dừng giải quyết', requiresComment: true, allowed: leader,
        next: { toStatus: 'paused', toStep: step.key, supplementStage: null, effects: ['pause_clock'] },
      });
      if (!snap.extensionCount) {
        list.push({
          action: 'extend', kind: 'other', label: 'Xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04)', requiresComment: true, allowed: leader,
          next: { toStatus: 'in_progress', toStep: step.key, supplementStage: null, effects: ['extend'] },
        });
      }
      if (step.role === 'leader') {
        list.push({
          action: 'refuse', kind: 'refuse', label: 'Từ chối giải quyết', requiresComment: true, allowed: byStep,
          next: { toStatus: 'refused', toStep: null, supplementStage: null, effects: ['decided'] },
        });
      }
      list.push(withdrawTransition(snap));
      return list;
    }
    case 'awaiting_payment':
      return [
        {
          action: 'confirm_payment', kind: 'other', label: 'Xác nhận đã thực hiện nghĩa vụ tài chính', requiresComment: false,
          allowed: (a) => a.unitRoles.size > 0,
          next: { toStatus: 'in_progress', toStep: snap.stepKey, supplementStage: null, effects: ['resume_clock'] },
        },
        withdrawTransition(snap),
      ];
    case 'paused':
      return [
        {
          action: 'resume', kind: 'other', label: 'Tiếp tục giải quyết', requiresComment: false, allowed: leader,
          next: { toStatus: 'in_progress', toStep: snap.stepKey, supplementStage: null, effects: ['resume_clock'] },
        },
        withdrawTransition(snap),
      ];
    case 'result_ready':
      return [
        {
          action: 'return_result', kind: 'advance', label: 'Trả kết quả cho người nộp', requiresComment: false, allowed: desk,
          next: { toStatus: 'returned', toStep: null, supplementStage: null, effects: ['returned'] },
        },
      ];
    default:
      return [];
  }
}

function present(t: Transition): AvailableAction {
  return { action: t.action, kind: t.kind, label: t.label, requiresComment: t.requiresComment };
}

/** What the actor may do now (the same predicate `decide` enforces). */
export function availableActions(def: WorkflowDefinition, snap: Snapshot, actor: ActorContext): AvailableAction[] {
  return transitionsFrom(def, snap).filter((t) => t.allowed(actor)).map(present);
}

/** Decides an action: the new state and effects, or why not. */
export function decide(
  def: WorkflowDefinition, snap: Snapshot, action: string, actor: ActorContext, comment?: string | null,
): Decision | Rejection {
  const candidates = transitionsFrom(def, snap).filter((t) => t.action === action);
  if (candidates.length === 0) return { ok: false, code: 'not_available' };
  const t = candidates.find((c) => c.allowed(actor));
  if (!t) return { ok: false, code: 'forbidden' };
  if (t.requiresComment && !(comment && comment.trim())) return { ok: false, code: 'comment_required' };
  return { ok: true, action: present(t), ...t.next };
}

/** The roles that act on a dossier in this state (used by the inbox). */
export function rolesThatAct(def: WorkflowDefinition, snap: Snapshot): Role[] {
  if (snap.status === 'submitted' || snap.status === 'result_ready') return ['desk'];
  if (snap.status === 'in_progress') {
    const step = def.steps[stepIndex(def, snap.stepKey)];
    return step ? [step.role] : [];
  }
  return [];
}
