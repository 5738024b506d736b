import {
  type OfficerRole, type Quota, type TaskNode, type WorkflowGraph, type WorkflowNode, holds, nodeOf, quotaHours, refusalEnd,
} from '../../../common/workflow';
import type { DossierStatus } from '../../db/types';

// The workflow engine: a pure function (definition, dossier snapshot, command, actor, context) →
// (new status and position, tasks to open and close, a child dossier to spawn, clock effects) or a
// rejection with a code. No I/O and no clock. Every change of a dossier is decided here — how it comes
// to exist (`decideIntake`: online submission, the desk's reception, a liên thông leg) and everything
// after (`decide`: officers' and applicants' actions, the system's timers, a leg's end, an origin that
// stops) — and written by one commit function (dossiers/commit.ts) in one transaction. The public
// actions API is the skeleton's: `kind` tells the UI what a button means.

export type ActionKind = 'advance' | 'back' | 'supplement' | 'reject' | 'refuse' | 'pause' | 'other';

export type ActionName =
  | 'accept' | 'reject' | 'request_supplement' | 'submit_supplement' | 'advance' | 'back' | 'consult' | 'answer'
  | 'refuse' | 'return_result' | 'withdraw' | 'extend' | 'request_payment' | 'confirm_payment' | 'pause' | 'resume'
  // how a dossier comes to exist:
  | 'submit' | 'transfer_in'
  // issued by the system actor only:
  | 'expire_consultation' | 'leg_completed' | 'origin_ended';

export type TaskKind = 'desk' | 'task' | 'consultation' | 'transfer';

/** An open task of the dossier (a row of `dossier_tasks`). */
export interface OpenTask {
  id: string; nodeKey: string | null; kind: TaskKind; unitId: string; role: OfficerRole | null; userId: string | null;
}

export interface Snapshot {
  status: DossierStatus;
  /** The node the dossier is at (a task, consultation or liên thông node), or null outside processing. */
  nodeKey: string | null;
  supplementStage: 'desk' | 'processing' | null;
  /** Apologies with a new appointment (Mẫu 04) already issued: the law allows one. */
  extensionCount: number;
  tasks: OpenTask[];
  /** Answers already given at the current consultation. */
  answered: number;
  /** A liên thông leg (child dossier): it ends by going back to the origin, not to the applicant. */
  isLeg: boolean;
}

/** The dossier facts the graph may depend on. */
export interface EngineContext {
  unitId: string;            // competent unit, running this workflow
  receivingUnitId: string;   // the desk that received it
  formData: unknown;
  feeTotal: number;
}

/** Who is acting: the roles they hold (their own and delegated to them) at which units. */
export interface ActorContext {
  userId: string | null;
  isApplicant: boolean;
  isSystem?: boolean;
  roles: readonly { unitId: string; role: OfficerRole; onBehalfOf?: string | null }[];
}

export interface Command { action: string; taskId?: string | null; comment?: string | null; outcome?: 'result' | 'refusal' }

export interface AvailableAction {
  action: ActionName;
  kind: ActionKind;
  label: string;
  requiresComment: boolean;
  /** The task it acts on, when the actor holds several. */
  taskId?: string | null;
}

/** Side effects on the dossier's clock and dates, applied by the service. */
export type Effect =
  | 'start_clock' | 'pause_clock' | 'resume_clock' | 'mark_complete' | 'decided' | 'ended' | 'returned' | 'extend'
  | 'enter_step'      // the dossier's current step changed: its step deadline is the main task's
  | 'leg_done'        // a liên thông leg ended: the origin dossier continues
  | 'submitted'       // a new dossier: submitted (and complete) now
  | 'assign_code'     // a new dossier gets its code (Circular 03/2025 art. 13) in the same transaction
  | 'leg_clock';      // a new leg: received now, due when the origin's transfer task is due

export interface TaskSpec {
  nodeKey: string | null; kind: TaskKind; unitId: string; role: OfficerRole | null; userId: string | null; quota: Quota | null;
}

export interface Decision {
  ok: true;
  action: AvailableAction;
  toStatus: DossierStatus;
  toNode: string | null;
  supplementStage: 'desk' | 'processing' | null;
  effects: Effect[];
  /** Tasks closed by this command and how. */
  close: { taskId: string; outcome: 'done' | 'answered' | 'cancelled' | 'expired' }[];
  open: TaskSpec[];
  /** A liên thông leg to start at another unit. */
  spawn: { nodeKey: string; unitId: string; quota: Quota } | null;
  /** The task acted on, and whose work it was when done through a delegation. */
  taskId: string | null;
  onBehalfOf: string | null;
  /** The role the actor acted in (`applicant`, `system`, or an officer role), for the event. */
  actorRole: string;
  /** The nodes passed through automatically (branches), for the event. */
  via: string[];
}

export interface Rejection {
  ok: false;
  /** `not_available`: not valid now (422); `forbidden`: valid, not for this actor (403); `comment_required` (422);
   *  `invalid_definition`: the pinned definition cannot go on (422). */
  code: 'not_available' | 'forbidden' | 'comment_required' | 'invalid_definition';
}

type Next = Omit<Decision, 'ok' | 'action' | 'taskId' | 'onBehalfOf' | 'actorRole'>;

interface Transition {
  action: ActionName;
  kind: ActionKind;
  label: string;
  requiresComment: boolean;
  /** The task this transition acts on, if any. */
  task: OpenTask | null;
  /** For `leg_completed`: which outcome of the other unit it handles. */
  outcome?: 'result' | 'refusal';
  /** Who may take it: returns the acting grant, or null. */
  allowed: (a: ActorContext) => Grant | null;
  next: () => Next | Rejection;
}
/** Why the actor may act: in which role, and on whose behalf. */
type Grant = { role: string; onBehalfOf: string | null };

function roleAt(a: ActorContext, unitId: string, role: OfficerRole): Grant | null {
  const r = a.roles.find((x) => x.unitId === unitId && x.role === role && !x.onBehalfOf)
    ?? a.roles.find((x) => x.unitId === unitId && x.role === role);
  return r ? { role, onBehalfOf: r.onBehalfOf ?? null } : null;
}

/** May the actor work on this task: the role at its unit, and it is unclaimed or theirs (or the delegator's). */
function holderOf(a: ActorContext, t: OpenTask): Grant | null {
  if (!t.role) return null;
  const matches = a.roles.filter((x) => x.unitId === t.unitId && x.role === t.role);
  if (!matches.length) return null;
  const self = { role: t.role, onBehalfOf: null };
  if (!t.userId) return matches.some((m) => !m.onBehalfOf) ? self : { role: t.role, onBehalfOf: matches[0]!.onBehalfOf ?? null };
  if (t.userId === a.userId) return self;
  const delegated = matches.find((m) => m.onBehalfOf === t.userId);
  return delegated ? { role: t.role, onBehalfOf: t.userId } : null;
}

const anyRoleAt = (a: ActorContext, unitId: string): Grant | null => {
  const r = a.roles.find((x) => x.unitId === unitId && !x.onBehalfOf) ?? a.roles.find((x) => x.unitId === unitId);
  return r ? { role: r.role, onBehalfOf: r.onBehalfOf ?? null } : null;
};
const APPLICANT: Grant = { role: 'applicant', onBehalfOf: null };
const applicantOnly = (a: ActorContext): Grant | null => (a.isApplicant ? APPLICANT : null);
const systemOnly = (a: ActorContext): Grant | null => (a.isSystem ? { role: 'system', onBehalfOf: null } : null);

const base = (over: Partial<Next> & Pick<Next, 'toStatus'>): Next => ({
  toNode: null, supplementStage: null, effects: [], close: [], open: [], spawn: null, via: [], ...over,
});

/** Entering a node: what opens, where the dossier now is. Branches are followed at once. */
export function enterNode(def: WorkflowGraph, key: string, snap: Pick<Snapshot, 'isLeg'>, ctx: EngineContext): Next | Rejection {
  const via: string[] = [];
  let node: WorkflowNode | undefined = nodeOf(def, key);
  for (let hops = 0; node && node.type === 'branch'; hops++) {
    if (hops > def.nodes.length) return { ok: false, code: 'invalid_definition' };
    via.push(node.key);
    const route = node.routes.find((r) => holds(r.when, ctx.formData, ctx.feeTotal));
    node = nodeOf(def, route ? route.target : node.otherwise);
  }
  if (!node) return { ok: false, code: 'invalid_definition' };
  switch (node.type) {
    case 'task':
      return base({
        toStatus: 'in_progress', toNode: node.key, effects: ['enter_step'], via,
        open: [{ nodeKey: node.key, kind: 'task', unitId: node.assignee.unitId || ctx.unitId, role: node.assignee.role, userId: node.assignee.userId || null, quota: node.quota }],
      });
    case 'consultation':
      return base({
        toStatus: 'in_progress', toNode: node.key, effects: ['enter_step'], via,
        open: node.units.map((u) => ({ nodeKey: node!.key, kind: 'consultation' as const, unitId: u, role: node!.role, userId: null, quota: (node as { quota: Quota }).quota })),
      });
    case 'transfer':
      return base({
        toStatus: 'in_progress', toNode: node.key, effects: ['enter_step'], via,
        open: [{ nodeKey: node.key, kind: 'transfer', unitId: node.unitId, role: null, userId: null, quota: node.quota }],
        spawn: { nodeKey: node.key, unitId: node.unitId, quota: node.quota },
      });
    case 'end':
      if (node.outcome === 'refusal') return base({ toStatus: 'refused', toNode: node.key, effects: ['decided', ...(snap.isLeg ? ['leg_done' as const] : [])], via });
      // A leg's result goes back to the origin unit; the origin's desk hands the final result to the applicant.
      if (snap.isLeg) return base({ toStatus: 'returned', toNode: node.key, effects: ['decided', 'returned', 'leg_done'], via });
      return base({
        toStatus: 'result_ready', toNode: node.key, effects: ['decided'], via,
        open: [{ nodeKey: null, kind: 'desk', unitId: ctx.receivingUnitId, role: 'desk', userId: null, quota: null }],
      });
    default:
      return { ok: false, code: 'invalid_definition' };
  }
}

/** Entering a node while leaving some tasks: closes them with `outcome`, then opens what the node needs. */
function moveTo(def: WorkflowGraph, target: string | undefined, snap: Snapshot, ctx: EngineContext, closing: Next['close'], extra: Effect[] = []): () => Next | Rejection {
  return () => {
    if (!target) return { ok: false, code: 'invalid_definition' };
    const entered = enterNode(def, target, snap, ctx);
    if ('code' in entered) return entered;
    const n = entered as Next;
    return { ...n, close: [...closing, ...n.close], effects: [...extra, ...n.effects] };
  };
}

const closeAll = (snap: Snapshot, outcome: 'done' | 'cancelled' | 'expired' = 'cancelled', except?: string) =>
  snap.tasks.filter((t) => t.id !== except).map((t) => ({ taskId: t.id, outcome }));

function withdraw(snap: Snapshot, ctx: EngineContext): Transition {
  return {
    action: 'withdraw', kind: 'other', label: 'Rút hồ sơ (dừng giải quyết)', requiresComment: false, task: null,
    allowed: (a) => (a.isApplicant ? APPLICANT : roleAt(a, ctx.receivingUnitId, 'desk')),
    next: () => base({ toStatus: 'withdrawn', toNode: snap.nodeKey, effects: ['ended'], close: closeAll(snap) }),
  };
}

const ACTION_OF: Record<TaskNode['actions'][number]['kind'], { action: ActionName; kind: ActionKind; requiresComment: boolean }> = {
  advance: { action: 'advance', kind: 'advance', requiresComment: false },
  back: { action: 'back', kind: 'back', requiresComment: true },
  supplement: { action: 'request_supplement', kind: 'supplement', requiresComment: true },
  refuse: { action: 'refuse', kind: 'refuse', requiresComment: true },
  consult: { action: 'consult', kind: 'other', requiresComment: false },
};

function defaultLabel(def: WorkflowGraph, kind: keyof typeof ACTION_OF, target: string | undefined, ctx: EngineContext): string {
  let t = nodeOf(def, target);
  // Name where the dossier will really go: through branches, as this dossier's data decides them.
  for (let hops = 0; t?.type === 'branch' && hops <= def.nodes.length; hops++) {
    const b: WorkflowNode & { type: 'branch' } = t;
    t = nodeOf(def, b.routes.find((r) => holds(r.when, ctx.formData, ctx.feeTotal))?.target ?? b.otherwise);
  }
  switch (kind) {
    case 'advance':
      return !t ? 'Chuyển bước' : t.type === 'end' ? (t.outcome === 'result' ? 'Phê duyệt, chuyển trả kết quả' : 'Từ chối giải quyết')
        : t.type === 'transfer' ? `Chuyển liên thông: ${t.name}` : `Chuyển bước: ${t.name}`;
    case 'back': return `Trả lại: ${t?.name ?? 'bước trước'}`;
    case 'supplement': return 'Yêu cầu bổ sung, hoàn thiện hồ sơ';
    case 'refuse': return 'Từ chối giải quyết';
    case 'consult': return `Xin ý kiến: ${t?.name ?? ''}`.trim();
  }
}

const FINAL: ReadonlySet<DossierStatus> = new Set(['rejected', 'refused', 'returned', 'withdrawn']);

/** The origin of a leg stopped (withdrawn, its consultation expired…): the leg stops with it. */
function originEnded(snap: Snapshot): Transition {
  return {
    action: 'origin_ended', kind: 'other', label: 'Hồ sơ gốc đã dừng giải quyết; dừng xử lý liên thông', requiresComment: false, task: null,
    allowed: systemOnly, next: () => base({ toStatus: 'withdrawn', toNode: snap.nodeKey, effects: ['ended'], close: closeAll(snap) }),
  };
}

/** Every transition leaving the snapshot's state, regardless of who asks. */
export function transitionsFrom(def: WorkflowGraph, snap: Snapshot, ctx: EngineContext): Transition[] {
  const own = ownTransitions(def, snap, ctx);
  return snap.isLeg && !FINAL.has(snap.status) ? [...own, originEnded(snap)] : own;
}

function ownTransitions(def: WorkflowGraph, snap: Snapshot, ctx: EngineContext): Transition[] {
  const deskTask = snap.tasks.find((t) => t.kind === 'desk') ?? null;
  const deskAllowed = (a: ActorContext) => (deskTask ? holderOf(a, deskTask) : roleAt(a, ctx.receivingUnitId, 'desk'));
  switch (snap.status) {
    case 'submitted':
      return [
        {
          action: 'accept', kind: 'advance', label: 'Tiếp nhận hồ sơ', requiresComment: false, task: deskTask, allowed: deskAllowed,
          next: moveTo(def, def.start, snap, ctx, closeAll(snap, 'done'), ['start_clock']),
        },
        {
          action: 'request_supplement', kind: 'supplement', label: 'Yêu cầu bổ sung, hoàn thiện hồ sơ', requiresComment: true, task: deskTask,
          allowed: deskAllowed, next: () => base({ toStatus: 'awaiting_supplement', supplementStage: 'desk', close: closeAll(snap, 'done') }),
        },
        {
          action: 'reject', kind: 'reject', label: 'Từ chối tiếp nhận', requiresComment: true, task: deskTask, allowed: deskAllowed,
          next: () => base({ toStatus: 'rejected', effects: ['ended'], close: closeAll(snap, 'done') }),
        },
        withdraw(snap, ctx),
      ];
    case 'awaiting_supplement': {
      const atDesk = snap.supplementStage !== 'processing';
      const list: Transition[] = [
        {
          action: 'submit_supplement', kind: 'other', label: 'Nộp bổ sung hồ sơ', requiresComment: false, task: null, allowed: applicantOnly,
          next: () => (atDesk
            ? base({ toStatus: 'submitted', effects: ['mark_complete'], open: [{ nodeKey: null, kind: 'desk', unitId: ctx.receivingUnitId, role: 'desk', userId: null, quota: null }] })
            : base({ toStatus: 'in_progress', toNode: snap.nodeKey, effects: ['resume_clock'] })),
        },
        withdraw(snap, ctx),
      ];
      if (atDesk) {
        list.push({
          action: 'reject', kind: 'reject', label: 'Từ chối tiếp nhận', requiresComment: true, task: null,
          allowed: (a) => roleAt(a, ctx.receivingUnitId, 'desk'),
          next: () => base({ toStatus: 'rejected', effects: ['ended'] }),
        });
      }
      return list;
    }
    case 'in_progress':
      return inProgress(def, snap, ctx);
    case 'awaiting_payment':
      return [
        {
          action: 'confirm_payment', kind: 'other', label: 'Xác nhận đã thực hiện nghĩa vụ tài chính', requiresComment: false, task: null,
          allowed: (a) => anyRoleAt(a, ctx.unitId) ?? roleAt(a, ctx.receivingUnitId, 'desk'),
          next: () => base({ toStatus: 'in_progress', toNode: snap.nodeKey, effects: ['resume_clock'] }),
        },
        withdraw(snap, ctx),
      ];
    case 'paused':
      return [
        {
          action: 'resume', kind: 'other', label: 'Tiếp tục giải quyết', requiresComment: false, task: null,
          allowed: (a) => roleAt(a, ctx.unitId, 'leader'),
          next: () => base({ toStatus: 'in_progress', toNode: snap.nodeKey, effects: ['resume_clock'] }),
        },
        withdraw(snap, ctx),
      ];
    case 'result_ready':
      return [{
        action: 'return_result', kind: 'advance', label: 'Trả kết quả cho người nộp', requiresComment: false, task: deskTask, allowed: deskAllowed,
        next: () => base({ toStatus: 'returned', toNode: snap.nodeKey, effects: ['returned'], close: closeAll(snap, 'done') }),
      }];
    default:
      return [];
  }
}

function inProgress(def: WorkflowGraph, snap: Snapshot, ctx: EngineContext): Transition[] {
  const node = nodeOf(def, snap.nodeKey);
  const list: Transition[] = [];
  const leaderHere = (a: ActorContext) => roleAt(a, ctx.unitId, 'leader');
  if (node?.type === 'task') {
    for (const task of snap.tasks.filter((t) => t.kind === 'task' && t.nodeKey === node.key)) {
      const byHolder = (a: ActorContext) => holderOf(a, task);
      const done = closeAll(snap, 'done');
      for (const a of node.actions) {
        // A leg asks for more through its origin unit, not the applicant directly: it can send back or refuse.
        if (a.kind === 'supplement' && snap.isLeg) continue;
        const m = ACTION_OF[a.kind];
        const label = a.label?.trim() || defaultLabel(def, a.kind, a.target, ctx);
        const requiresComment = a.requiresComment ?? m.requiresComment;
        let next: Transition['next'];
        if (a.kind === 'supplement') {
          next = () => base({ toStatus: 'awaiting_supplement', toNode: node.key, supplementStage: 'processing', effects: ['pause_clock'] });
        } else if (a.kind === 'refuse') {
          next = moveTo(def, refusalEnd(def)?.key, snap, ctx, done);
        } else {
          next = moveTo(def, a.target, snap, ctx, done);
        }
        list.push({ action: m.action, kind: m.kind, label, requiresComment, task, allowed: byHolder, next });
      }
      if (!snap.isLeg) list.push({
        action: 'request_payment', kind: 'pause', label: 'Thông báo thực hiện nghĩa vụ tài chính', requiresComment: true, task, allowed: byHolder,
        next: () => base({ toStatus: 'awaiting_payment', toNode: node.key, effects: ['pause_clock'] }),
      });
    }
  }
  if (node?.type === 'consultation') {
    const open = snap.tasks.filter((t) => t.kind === 'consultation' && t.nodeKey === node.key);
    for (const task of open) {
      const answered = snap.answered + 1;
      const remaining = open.length - 1;
      const joined = node.join === 'any' || (node.join === 'quorum' && answered >= (node.quorum ?? 1)) || remaining === 0;
      list.push({
        action: 'answer', kind: 'other', label: `Gửi ý kiến: ${node.name}`, requiresComment: true, task,
        allowed: (a) => holderOf(a, task),
        next: joined
          ? moveTo(def, node.next, snap, ctx, [{ taskId: task.id, outcome: 'answered' }, ...closeAll(snap, 'cancelled', task.id)])
          : () => base({ toStatus: 'in_progress', toNode: node.key, close: [{ taskId: task.id, outcome: 'answered' }] }),
      });
    }
    // The quota expired: join with the answers given so far.
    list.push({
      action: 'expire_consultation', kind: 'other', label: 'Hết thời hạn xin ý kiến', requiresComment: false, task: null, allowed: systemOnly,
      next: moveTo(def, node.next, snap, ctx, closeAll(snap, 'expired')),
    });
  }
  if (node?.type === 'transfer') {
    const leg = snap.tasks.find((t) => t.kind === 'transfer') ?? null;
    for (const outcome of ['result', 'refusal'] as const) {
      list.push({
        action: 'leg_completed', kind: 'other', label: outcome === 'result' ? `Nhận kết quả liên thông: ${node.name}` : `Đơn vị liên thông từ chối: ${node.name}`,
        requiresComment: false, task: leg, allowed: systemOnly, outcome,
        next: moveTo(def, outcome === 'result' ? node.next : node.onRefusal || node.next, snap, ctx, closeAll(snap, 'done')),
      });
    }
  }
  if (node?.type !== 'transfer') {
    list.push({
      action: 'pause', kind: 'pause', label: 'Tạm dừng giải quyết', requiresComment: true, task: null, allowed: leaderHere,
      next: () => base({ toStatus: 'paused', toNode: snap.nodeKey, effects: ['pause_clock'] }),
    });
  }
  if (!snap.extensionCount && !snap.isLeg) {
    list.push({
      action: 'extend', kind: 'other', label: 'Xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04)', requiresComment: true, task: null, allowed: leaderHere,
      next: () => base({ toStatus: 'in_progress', toNode: snap.nodeKey, effects: ['extend'] }),
    });
  }
  if (!snap.isLeg) list.push(withdraw(snap, ctx));
  return list;
}

function present(t: Transition, withTask: boolean): AvailableAction {
  return {
    action: t.action, kind: t.kind, label: t.label, requiresComment: t.requiresComment,
    ...(withTask && t.task ? { taskId: t.task.id } : {}),
  };
}

const SYSTEM_ACTIONS: ReadonlySet<ActionName> = new Set(['expire_consultation', 'leg_completed', 'origin_ended']);

/** What the actor may do now (the same predicate `decide` enforces). */
export function availableActions(def: WorkflowGraph, snap: Snapshot, actor: ActorContext, ctx: EngineContext): AvailableAction[] {
  const allowed = transitionsFrom(def, snap, ctx).filter((t) => t.allowed(actor) && !SYSTEM_ACTIONS.has(t.action));
  // Several tasks with the same action (e.g. an officer of two consulted units): say which task each button is for.
  const counts = new Map<string, number>();
  for (const t of allowed) counts.set(t.action, (counts.get(t.action) ?? 0) + 1);
  return allowed.map((t) => present(t, (counts.get(t.action) ?? 0) > 1));
}

/** Decides a command: the new state, the tasks to open and close, the effects — or why not. */
export function decide(def: WorkflowGraph, snap: Snapshot, cmd: Command, actor: ActorContext, ctx: EngineContext): Decision | Rejection {
  let candidates = transitionsFrom(def, snap, ctx).filter((t) => t.action === cmd.action);
  if (cmd.action === 'leg_completed') candidates = candidates.filter((t) => t.outcome === (cmd.outcome ?? 'result'));
  if (cmd.taskId) candidates = candidates.filter((t) => !t.task || t.task.id === cmd.taskId);
  if (candidates.length === 0) return { ok: false, code: 'not_available' };
  let grant: Grant | null = null;
  const t = candidates.find((c) => (grant = c.allowed(actor)) !== null);
  if (!t || !grant) return { ok: false, code: 'forbidden' };
  if (t.requiresComment && !(cmd.comment && cmd.comment.trim())) return { ok: false, code: 'comment_required' };
  const next = t.next();
  if ('ok' in next && next.ok === false) return next;
  const g = grant as Grant;
  return { ok: true, action: present(t, false), taskId: t.task?.id ?? null, actorRole: g.role, onBehalfOf: g.onBehalfOf, ...(next as Next) };
}

/** How a dossier comes to exist. */
export type Intake =
  /** Online, by the applicant: it waits for the desk of the unit that will receive it. */
  | { kind: 'submit' }
  /** A walk-in at the desk: accepted (coded, the clock starts, processing begins), guided to supplement, or refused. */
  | { kind: 'receive'; decision: 'accept' | 'supplement' | 'reject' }
  /** A liên thông leg, opened by the origin's transfer node at another unit or level. */
  | { kind: 'leg' };

/**
 * Decides how a new dossier starts — the same kind of decision as `decide` for a dossier that exists, so
 * one commit writes both. `actor.isApplicant` is the submitter; the desk must hold the desk role at the
 * receiving unit; a leg is opened by the system.
 */
export function decideIntake(def: WorkflowGraph, intake: Intake, actor: ActorContext, ctx: EngineContext, comment?: string | null): Decision | Rejection {
  const decision = (t: Omit<Transition, 'task' | 'next'>, next: () => Next | Rejection): Decision | Rejection => {
    const grant = t.allowed(actor);
    if (!grant) return { ok: false, code: 'forbidden' };
    if (t.requiresComment && !(comment && comment.trim())) return { ok: false, code: 'comment_required' };
    const n = next();
    if ('ok' in n && n.ok === false) return n;
    return {
      ok: true, action: { action: t.action, kind: t.kind, label: t.label, requiresComment: t.requiresComment },
      taskId: null, actorRole: grant.role, onBehalfOf: grant.onBehalfOf, ...(n as Next),
    };
  };
  const atDesk = (a: ActorContext) => roleAt(a, ctx.receivingUnitId, 'desk');
  const fresh: Snapshot = { status: 'submitted', nodeKey: null, supplementStage: null, extensionCount: 0, tasks: [], answered: 0, isLeg: intake.kind === 'leg' };
  switch (intake.kind) {
    case 'submit':
      return decision(
        { action: 'submit', kind: 'other', label: 'Nộp hồ sơ trực tuyến', requiresComment: false, allowed: applicantOnly },
        () => base({ toStatus: 'submitted', effects: ['submitted', 'assign_code'], open: [deskTaskSpec(ctx)] }),
      );
    case 'receive':
      switch (intake.decision) {
        case 'accept':
          return decision(
            { action: 'accept', kind: 'advance', label: 'Tiếp nhận hồ sơ trực tiếp tại Bộ phận một cửa', requiresComment: false, allowed: atDesk },
            moveTo(def, def.start, fresh, ctx, [], ['submitted', 'assign_code', 'start_clock']),
          );
        case 'supplement':
          return decision(
            { action: 'request_supplement', kind: 'supplement', label: 'Hướng dẫn bổ sung, hoàn thiện hồ sơ', requiresComment: true, allowed: atDesk },
            () => base({ toStatus: 'awaiting_supplement', supplementStage: 'desk', effects: ['submitted'] }),
          );
        case 'reject':
          return decision(
            { action: 'reject', kind: 'reject', label: 'Từ chối tiếp nhận hồ sơ', requiresComment: true, allowed: atDesk },
            () => base({ toStatus: 'rejected', effects: ['submitted', 'ended'] }),
          );
      }
      return { ok: false, code: 'not_available' };
    case 'leg':
      return decision(
        { action: 'transfer_in', kind: 'other', label: 'Nhận hồ sơ liên thông', requiresComment: false, allowed: systemOnly },
        moveTo(def, def.start, fresh, ctx, [], ['submitted', 'leg_clock']),
      );
  }
}

export const deskTaskSpec = (ctx: EngineContext): TaskSpec => ({ nodeKey: null, kind: 'desk', unitId: ctx.receivingUnitId, role: 'desk', userId: null, quota: null });

export { quotaHours };
