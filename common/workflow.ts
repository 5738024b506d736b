// The internal process (quy trình nội bộ) of a procedure at a unit, as data: a typed graph of nodes.
// Shared by the server (engine, validator on publish) and the web designer (live validation).
// Pure: no I/O, no clock.

export const OFFICER_ROLES = ['desk', 'specialist', 'leader'] as const;
export type OfficerRole = (typeof OFFICER_ROLES)[number];

/** A workflow version's life: edited as a draft, published (new dossiers use it), retired by the next one. */
export const WORKFLOW_STATUSES = ['draft', 'published', 'retired'] as const;
export type WorkflowStatus = (typeof WORKFLOW_STATUSES)[number];

/** A time quota in working hours or working days (8 working hours). */
export interface Quota { amount: number; unit: 'hour' | 'day' }

/** Who does a step: a role at a unit (`unitId` null = the unit that runs this workflow), optionally a named officer. */
export interface AssigneeSelector { role: OfficerRole; unitId?: string | null; userId?: string | null }

export type TaskActionKind = 'advance' | 'back' | 'supplement' | 'refuse' | 'consult';
export const TASK_ACTION_KINDS: readonly TaskActionKind[] = ['advance', 'back', 'supplement', 'refuse', 'consult'];

/** An action allowed at a task. `target` names the node it leads to (advance, back, consult). */
export interface TaskAction { kind: TaskActionKind; target?: string; label?: string; requiresComment?: boolean }

export interface Position { x: number; y: number }

interface NodeBase { key: string; name: string; position?: Position }

/** Work by one officer or a role's pool. */
export interface TaskNode extends NodeBase {
  type: 'task';
  assignee: AssigneeSelector;
  quota: Quota;
  actions: TaskAction[];
}

/** The comparisons a branch condition can make (`truthy` and `falsy` take no value). */
export const CONDITION_OPS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'truthy', 'falsy'] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];

/** A condition on the dossier: a form field (dot path into the form data) or the total fee. */
export interface Condition {
  source: 'field' | 'fee';
  field?: string;
  op: ConditionOp;
  value?: string | number | boolean;
}
export interface BranchRoute { when: Condition; target: string; label?: string }

/** An exclusive branch taken automatically when reached: the first route whose condition holds, else `otherwise`. */
export interface BranchNode extends NodeBase { type: 'branch'; routes: BranchRoute[]; otherwise: string }

/** Parallel consultation (xin ý kiến) of several units; joins when `join` is met or the quota expires. */
export interface ConsultationNode extends NodeBase {
  type: 'consultation';
  units: string[];
  role: OfficerRole;
  quota: Quota;
  join: 'all' | 'any' | 'quorum';
  quorum?: number;
  next: string;
}

/** A leg at another unit or level (liên thông): a child dossier there runs that unit's own workflow. */
export interface TransferNode extends NodeBase {
  type: 'transfer';
  unitId: string;
  quota: Quota;
  next: string;
  /** Where the dossier goes when the other unit refuses; defaults to `next`. */
  onRefusal?: string;
}

export interface EndNode extends NodeBase { type: 'end'; outcome: 'result' | 'refusal' }

export type WorkflowNode = TaskNode | BranchNode | ConsultationNode | TransferNode | EndNode;
export type NodeType = WorkflowNode['type'];

export interface WorkflowGraph { schema: 2; start: string; nodes: WorkflowNode[] }

/** The skeleton's ordered list of steps (still accepted as input, e.g. in the demo data). */
export interface LegacyStep { key: string; name: string; role: OfficerRole; quotaHours: number }
export interface LegacyDefinition { steps: LegacyStep[] }

export const quotaHours = (q: Quota): number => (q.unit === 'day' ? q.amount * 8 : q.amount);

/** Turns the ordered list into a graph: each step advances to the next, sends back to the previous;
 *  leaders may refuse; the last step ends with the result. */
export function fromSteps(steps: LegacyStep[]): WorkflowGraph {
  const nodes: WorkflowNode[] = steps.map((s, i) => {
    const actions: TaskAction[] = [
      { kind: 'advance', target: steps[i + 1]?.key ?? 'ket_qua' },
      ...(i > 0 ? [{ kind: 'back' as const, target: steps[i - 1]!.key }] : []),
      { kind: 'supplement' },
      ...(s.role === 'leader' ? [{ kind: 'refuse' as const }] : []),
    ];
    return {
      key: s.key, name: s.name, type: 'task', assignee: { role: s.role }, actions,
      quota: s.quotaHours % 8 === 0 && s.quotaHours > 0 ? { amount: s.quotaHours / 8, unit: 'day' } : { amount: s.quotaHours, unit: 'hour' },
      position: { x: 0, y: i * 120 },
    };
  });
  nodes.push({ key: 'ket_qua', name: 'Có kết quả', type: 'end', outcome: 'result', position: { x: 0, y: steps.length * 120 } });
  if (steps.some((s) => s.role === 'leader')) {
    nodes.push({ key: 'tu_choi', name: 'Từ chối giải quyết', type: 'end', outcome: 'refusal', position: { x: 260, y: steps.length * 120 } });
  }
  return { schema: 2, start: steps[0]?.key ?? 'ket_qua', nodes };
}

/** Any stored definition as a graph. */
export function toGraph(def: unknown): WorkflowGraph {
  const d = def as Partial<WorkflowGraph> & Partial<LegacyDefinition>;
  if (d && d.schema === 2 && Array.isArray(d.nodes)) return d as WorkflowGraph;
  return fromSteps(Array.isArray(d?.steps) ? d.steps : []);
}

export function nodeOf(g: WorkflowGraph, key: string | null | undefined): WorkflowNode | undefined {
  return key ? g.nodes.find((n) => n.key === key) : undefined;
}

/** Where refusals from a task go: the graph's first refusal end. */
export function refusalEnd(g: WorkflowGraph): EndNode | undefined {
  return g.nodes.find((n): n is EndNode => n.type === 'end' && n.outcome === 'refusal');
}

/** The nodes a node leads to, with how (for the validator and diagrams). `back` and `consult` edges are loops and kept apart. */
export function edgesOf(g: WorkflowGraph, n: WorkflowNode): { target: string; via: string; back: boolean }[] {
  switch (n.type) {
    case 'task': {
      const out: { target: string; via: string; back: boolean }[] = [];
      for (const a of n.actions) {
        if (a.kind === 'refuse') {
          const end = refusalEnd(g);
          if (end) out.push({ target: end.key, via: 'refuse', back: false });
        // "Send back" and "consult" (a detour that comes back) are loops, not progress.
        } else if (a.target) out.push({ target: a.target, via: a.kind, back: a.kind === 'back' || a.kind === 'consult' });
      }
      return out;
    }
    case 'branch':
      return [...n.routes.map((r) => ({ target: r.target, via: 'branch', back: false })), { target: n.otherwise, via: 'otherwise', back: false }];
    case 'consultation':
      return [{ target: n.next, via: 'next', back: false }];
    case 'transfer':
      return [{ target: n.next, via: 'next', back: false }, ...(n.onRefusal ? [{ target: n.onRefusal, via: 'refusal', back: false }] : [])];
    case 'end':
      return [];
  }
}

// ---------------------------------------------------------------------------------------------
// Validation (on publish, and live in the designer)

export interface ValidationIssue { code: string; message: string; node?: string }

/** What the validator needs to know about the world: which units, officers exist; the legal time. */
export interface ValidationContext {
  /** The procedure's legal processing time in working hours (0 = unknown: not checked). */
  legalHours: number;
  units?: ReadonlyMap<string, { name: string; roles: ReadonlySet<OfficerRole> }>;
  /** Officers by id: the units where they hold which roles. */
  officers?: ReadonlyMap<string, { name: string; roles: { unitId: string; role: OfficerRole }[] }>;
  /** The unit running this workflow. */
  unitId?: string;
  /** Units that have a published workflow for this procedure (liên thông targets must). */
  unitsWithWorkflow?: ReadonlySet<string>;
}

/** A node's key: letters, digits, "_" or "-", at most 40 (it is stored on dossiers and tasks). */
export const NODE_KEY_PATTERN = /^[a-z0-9_-]{1,40}$/i;
const ROLE_NAMES: Record<OfficerRole, string> = { desk: 'Bộ phận một cửa', specialist: 'chuyên viên', leader: 'lãnh đạo' };

/** Every problem with a definition, in words an admin understands. Empty = publishable. */
export function validateWorkflow(input: unknown, ctx: ValidationContext): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const add = (code: string, message: string, node?: string) => issues.push({ code, message, ...(node ? { node } : {}) });
  const g = input as WorkflowGraph;
  if (!g || g.schema !== 2 || !Array.isArray(g.nodes)) {
    add('invalid_definition', 'Định nghĩa quy trình không đúng định dạng (cần schema 2 và danh sách bước).');
    return issues;
  }
  const keys = new Map<string, WorkflowNode>();
  for (const n of g.nodes) {
    if (!n || typeof n.key !== 'string' || !NODE_KEY_PATTERN.test(n.key)) { add('invalid_key', `Mã bước "${String(n?.key)}" không hợp lệ (chỉ dùng chữ, số, "_" hoặc "-").`); continue; }
    if (keys.has(n.key)) add('duplicate_key', `Mã bước "${n.key}" bị trùng.`, n.key);
    keys.set(n.key, n);
    if (typeof n.name !== 'string' || !n.name.trim()) add('name_required', `Bước "${n.key}" chưa có tên.`, n.key);
  }
  const label = (key: string) => `"${keys.get(key)?.name || key}"`;
  const exists = (from: WorkflowNode, target: string | undefined, what: string) => {
    if (!target) add('target_required', `Bước ${label(from.key)}: chưa chọn bước tiếp theo cho ${what}.`, from.key);
    else if (!keys.has(target)) add('unknown_target', `Bước ${label(from.key)}: ${what} dẫn tới bước "${target}" không tồn tại.`, from.key);
  };
  const checkQuota = (n: WorkflowNode & { quota: Quota }) => {
    if (!n.quota || !(n.quota.amount > 0) || !['hour', 'day'].includes(n.quota.unit)) {
      add('quota_required', `Bước ${label(n.key)}: thời hạn xử lý phải lớn hơn 0 (giờ hoặc ngày làm việc).`, n.key);
    }
  };
  const checkUnit = (n: WorkflowNode, unitId: string, role: OfficerRole | null) => {
    if (!ctx.units) return;
    const u = ctx.units.get(unitId);
    if (!u) add('unknown_unit', `Bước ${label(n.key)}: đơn vị được chọn không tồn tại.`, n.key);
    else if (role && !u.roles.has(role)) add('role_not_staffed', `Bước ${label(n.key)}: ${u.name} chưa có ${ROLE_NAMES[role]} nào được phân quyền.`, n.key);
  };

  if (!keys.has(g.start)) add('start_missing', 'Chưa chọn bước bắt đầu của quy trình, hoặc bước bắt đầu không tồn tại.');
  for (const n of keys.values()) {
    switch (n.type) {
      case 'task': {
        checkQuota(n);
        const role = n.assignee?.role;
        if (!OFFICER_ROLES.includes(role)) { add('role_required', `Bước ${label(n.key)}: chưa chọn vai trò xử lý.`, n.key); break; }
        const unitId = n.assignee.unitId || ctx.unitId;
        if (unitId) checkUnit(n, unitId, n.assignee.userId ? null : role);
        if (n.assignee.userId && ctx.officers) {
          const o = ctx.officers.get(n.assignee.userId);
          if (!o || !o.roles.some((r) => r.role === role && r.unitId === unitId)) {
            add('unknown_officer', `Bước ${label(n.key)}: cán bộ được chỉ định không có vai trò ${ROLE_NAMES[role]} tại đơn vị xử lý.`, n.key);
          }
        }
        const actions = Array.isArray(n.actions) ? n.actions : [];
        const kinds = new Set<string>();
        for (const a of actions) {
          if (!TASK_ACTION_KINDS.includes(a.kind)) { add('unknown_action', `Bước ${label(n.key)}: thao tác "${String(a.kind)}" không được hỗ trợ.`, n.key); continue; }
          if (kinds.has(a.kind)) add('duplicate_action', `Bước ${label(n.key)}: thao tác "${a.kind}" được khai báo hai lần.`, n.key);
          kinds.add(a.kind);
          if (a.kind === 'advance') exists(n, a.target, 'thao tác chuyển bước');
          if (a.kind === 'back') exists(n, a.target, 'thao tác trả lại');
          if (a.kind === 'consult') {
            exists(n, a.target, 'thao tác xin ý kiến');
            if (a.target && keys.get(a.target) && keys.get(a.target)!.type !== 'consultation') {
              add('consult_target', `Bước ${label(n.key)}: thao tác xin ý kiến phải dẫn tới một bước xin ý kiến.`, n.key);
            }
          }
        }
        if (!kinds.has('advance')) add('advance_required', `Bước ${label(n.key)} chưa có thao tác chuyển bước tiếp theo.`, n.key);
        if (kinds.has('refuse') && !refusalEnd(g)) add('refusal_end_missing', `Bước ${label(n.key)} cho phép từ chối nhưng quy trình chưa có điểm kết thúc "Từ chối giải quyết".`, n.key);
        break;
      }
      case 'branch':
        if (!Array.isArray(n.routes) || n.routes.length === 0) add('routes_required', `Rẽ nhánh ${label(n.key)} chưa có điều kiện nào.`, n.key);
        for (const r of n.routes ?? []) {
          exists(n, r.target, 'nhánh điều kiện');
          const c = r.when;
          if (!c || !['field', 'fee'].includes(c.source)) add('condition_invalid', `Rẽ nhánh ${label(n.key)}: điều kiện chưa chọn nguồn (trường biểu mẫu hoặc lệ phí).`, n.key);
          else if (c.source === 'field' && !c.field) add('condition_field', `Rẽ nhánh ${label(n.key)}: chưa chọn trường biểu mẫu của điều kiện.`, n.key);
          else if (!(CONDITION_OPS as readonly string[]).includes(c.op)) add('condition_invalid', `Rẽ nhánh ${label(n.key)}: phép so sánh không hợp lệ.`, n.key);
          else if (!['truthy', 'falsy'].includes(c.op) && c.value === undefined) add('condition_value', `Rẽ nhánh ${label(n.key)}: điều kiện chưa có giá trị so sánh.`, n.key);
        }
        exists(n, n.otherwise, 'nhánh còn lại');
        break;
      case 'consultation':
        checkQuota(n);
        if (!Array.isArray(n.units) || n.units.length === 0) add('units_required', `Bước xin ý kiến ${label(n.key)} chưa chọn đơn vị nào.`, n.key);
        if (!OFFICER_ROLES.includes(n.role)) add('role_required', `Bước ${label(n.key)}: chưa chọn vai trò trả lời.`, n.key);
        for (const u of n.units ?? []) checkUnit(n, u, n.role);
        if (new Set(n.units ?? []).size !== (n.units ?? []).length) add('duplicate_unit', `Bước xin ý kiến ${label(n.key)} chọn một đơn vị hai lần.`, n.key);
        if (n.join === 'quorum' && !(Number.isInteger(n.quorum) && n.quorum! >= 1 && n.quorum! <= (n.units ?? []).length)) {
          add('quorum_invalid', `Bước xin ý kiến ${label(n.key)}: số ý kiến tối thiểu phải từ 1 đến số đơn vị được hỏi.`, n.key);
        }
        if (!['all', 'any', 'quorum'].includes(n.join)) add('join_invalid', `Bước xin ý kiến ${label(n.key)}: cách tổng hợp ý kiến không hợp lệ.`, n.key);
        exists(n, n.next, 'bước sau khi có ý kiến');
        break;
      case 'transfer':
        checkQuota(n);
        if (!n.unitId) add('unit_required', `Bước liên thông ${label(n.key)} chưa chọn đơn vị nhận.`, n.key);
        else {
          checkUnit(n, n.unitId, null);
          if (n.unitId === ctx.unitId) add('transfer_self', `Bước liên thông ${label(n.key)} phải chuyển tới một đơn vị khác.`, n.key);
          else if (ctx.unitsWithWorkflow && ctx.units?.has(n.unitId) && !ctx.unitsWithWorkflow.has(n.unitId)) {
            add('transfer_no_workflow', `Bước liên thông ${label(n.key)}: ${ctx.units.get(n.unitId)!.name} chưa ban hành quy trình cho thủ tục này.`, n.key);
          }
        }
        exists(n, n.next, 'bước sau khi đơn vị liên thông trả về');
        if (n.onRefusal) exists(n, n.onRefusal, 'trường hợp đơn vị liên thông từ chối');
        break;
      case 'end':
        if (n.outcome !== 'result' && n.outcome !== 'refusal') add('outcome_invalid', `Điểm kết thúc ${label(n.key)} phải là "có kết quả" hoặc "từ chối".`, n.key);
        break;
      default:
        add('unknown_type', `Bước "${(n as WorkflowNode).key}" có loại không được hỗ trợ.`);
    }
  }
  if (issues.length) return issues;

  // Reachability from the start, and every node can reach an end.
  const forward = (n: WorkflowNode) => edgesOf(g, n).map((e) => e.target);
  const reached = new Set<string>([g.start]);
  const queue = [g.start];
  while (queue.length) for (const t of forward(keys.get(queue.shift()!)!)) if (!reached.has(t)) { reached.add(t); queue.push(t); }
  for (const n of keys.values()) if (!reached.has(n.key)) add('unreachable', `Bước ${label(n.key)} không thể tới được từ bước bắt đầu.`, n.key);
  const ends = new Set([...keys.values()].filter((n) => n.type === 'end').map((n) => n.key));
  if (![...ends].some((k) => (keys.get(k) as EndNode).outcome === 'result')) add('result_end_missing', 'Quy trình chưa có điểm kết thúc "Có kết quả".');
  const canEnd = new Set(ends);
  for (let changed = true; changed;) {
    changed = false;
    for (const n of keys.values()) {
      if (canEnd.has(n.key)) continue;
      // A step ends only through its forward edges: `back` loops do not count.
      if (edgesOf(g, n).some((e) => !e.back && canEnd.has(e.target))) { canEnd.add(n.key); changed = true; }
    }
  }
  for (const n of keys.values()) if (!canEnd.has(n.key)) add('dead_end', `Từ bước ${label(n.key)} không có đường nào dẫn tới kết quả hoặc từ chối.`, n.key);
  if (issues.length) return issues;

  // Forward edges must not loop (only "send back" may go backwards), and the longest path must fit the legal time.
  const state = new Map<string, 1 | 2>();
  const longest = new Map<string, number>();
  let cycle: string | null = null;
  const visit = (key: string): number => {
    if (state.get(key) === 2) return longest.get(key)!;
    if (state.get(key) === 1) { cycle ??= key; return 0; }
    state.set(key, 1);
    const n = keys.get(key)!;
    const own = 'quota' in n ? quotaHours(n.quota) : 0;
    let best = 0;
    for (const e of edgesOf(g, n)) if (!e.back) best = Math.max(best, visit(e.target));
    state.set(key, 2);
    longest.set(key, own + best);
    return own + best;
  };
  const total = visit(g.start);
  if (cycle) add('cycle', `Quy trình có vòng lặp qua bước ${label(cycle)}; chỉ thao tác "trả lại" được đi ngược.`, cycle);
  else if (ctx.legalHours > 0 && total > ctx.legalHours) {
    add('quota_exceeds_legal_time',
      `Tổng thời hạn các bước trên đường dài nhất là ${fmtHours(total)}, vượt thời hạn giải quyết theo quy định (${fmtHours(ctx.legalHours)}).`);
  }
  return issues;
}

function fmtHours(h: number): string {
  return h % 8 === 0 ? `${h / 8} ngày làm việc` : `${h} giờ làm việc`;
}

/** The longest forward path in working hours (used to show the total against the legal time). */
export function longestPathHours(g: WorkflowGraph): number {
  const memo = new Map<string, number>();
  const seen = new Set<string>();
  const visit = (key: string): number => {
    if (memo.has(key)) return memo.get(key)!;
    if (seen.has(key)) return 0;
    seen.add(key);
    const n = nodeOf(g, key);
    if (!n) return 0;
    const own = n.type === 'task' || n.type === 'consultation' || n.type === 'transfer' ? quotaHours(n.quota) : 0;
    let best = 0;
    for (const e of edgesOf(g, n)) if (!e.back) best = Math.max(best, visit(e.target));
    memo.set(key, own + best);
    return own + best;
  };
  return visit(g.start);
}

/** Evaluates a branch condition against the dossier's form data and total fee. */
export function holds(c: Condition, formData: unknown, feeTotal: number): boolean {
  let v: unknown;
  if (c.source === 'fee') v = feeTotal;
  else {
    v = formData;
    for (const part of (c.field ?? '').split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
  }
  const num = (x: unknown) => (typeof x === 'number' ? x : typeof x === 'string' && x.trim() !== '' ? Number(x) : Number.NaN);
  switch (c.op) {
    case 'truthy': return Array.isArray(v) ? v.length > 0 : Boolean(v);
    case 'falsy': return Array.isArray(v) ? v.length === 0 : !v;
    case 'eq': return String(v ?? '') === String(c.value ?? '');
    case 'neq': return String(v ?? '') !== String(c.value ?? '');
    case 'gt': return num(v) > num(c.value);
    case 'gte': return num(v) >= num(c.value);
    case 'lt': return num(v) < num(c.value);
    case 'lte': return num(v) <= num(c.value);
  }
}
