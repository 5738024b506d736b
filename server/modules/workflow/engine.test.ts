import { describe, expect, it } from 'vitest';
import { fromSteps, validateWorkflow, type WorkflowGraph } from '../../../common/workflow';
import { type ActorContext, availableActions, decide, type Decision, type EngineContext, type OpenTask, type Snapshot, decideIntake } from './engine';

const U = 'unit-commune';
const DEPT_A = 'unit-dept-a';
const DEPT_B = 'unit-dept-b';
const ctx: EngineContext = { unitId: U, receivingUnitId: U, formData: { area: 120, kind: 'new' }, feeTotal: 0 };
const officer = (role: 'desk' | 'specialist' | 'leader', unitId = U, userId = `${role}-${unitId}`): ActorContext =>
  ({ userId, isApplicant: false, roles: [{ unitId, role, onBehalfOf: null }] });
const applicant: ActorContext = { userId: 'citizen', isApplicant: true, roles: [] };
const system: ActorContext = { userId: null, isApplicant: false, isSystem: true, roles: [] };

const linear = fromSteps([
  { key: 'thu_ly', name: 'Thụ lý', role: 'specialist', quotaHours: 8 },
  { key: 'phe_duyet', name: 'Phê duyệt', role: 'leader', quotaHours: 4 },
]);

/** Applies a decision to a snapshot as the service would (task ids made up). */
let seq = 0;
function apply(s: Snapshot, d: Decision): Snapshot {
  const closed = new Set(d.close.map((c) => c.taskId));
  const answered = d.close.filter((c) => c.outcome === 'answered').length;
  const opened: OpenTask[] = d.open.map((t) => ({ id: `t${++seq}`, nodeKey: t.nodeKey, kind: t.kind, unitId: t.unitId, role: t.role, userId: t.userId }));
  return {
    ...s, status: d.toStatus, nodeKey: d.toNode, supplementStage: d.supplementStage,
    tasks: [...s.tasks.filter((t) => !closed.has(t.id)), ...opened],
    answered: d.open.length ? 0 : s.answered + answered,
  };
}
const submitted = (): Snapshot => ({
  status: 'submitted', nodeKey: null, supplementStage: null, extensionCount: 0, answered: 0, isLeg: false,
  tasks: [{ id: 'desk1', nodeKey: null, kind: 'desk', unitId: U, role: 'desk', userId: null }],
});
function run(def: WorkflowGraph, s: Snapshot, action: string, actor: ActorContext, comment?: string, c = ctx): Snapshot {
  const d = decide(def, s, { action, comment }, actor, c);
  if (!d.ok) throw new Error(`${action}: ${d.code}`);
  return apply(s, d);
}

describe('workflow engine (graph)', () => {
  it('runs a converted ordered list: accept → specialist → leader → result, then the desk returns it', () => {
    let s = run(linear, submitted(), 'accept', officer('desk'));
    expect(s).toMatchObject({ status: 'in_progress', nodeKey: 'thu_ly' });
    expect(s.tasks).toEqual([expect.objectContaining({ kind: 'task', role: 'specialist', unitId: U })]);
    s = run(linear, s, 'advance', officer('specialist'));
    expect(s.nodeKey).toBe('phe_duyet');
    s = run(linear, s, 'advance', officer('leader'));
    expect(s).toMatchObject({ status: 'result_ready' });
    expect(s.tasks).toEqual([expect.objectContaining({ kind: 'desk', role: 'desk' })]);
    s = run(linear, s, 'return_result', officer('desk'));
    expect(s).toMatchObject({ status: 'returned', tasks: [] });
  });

  it('rejects out-of-turn actions (not_available), the wrong role (forbidden) and a missing reason', () => {
    const s = run(linear, submitted(), 'accept', officer('desk'));
    expect(decide(linear, s, { action: 'accept' }, officer('desk'), ctx)).toEqual({ ok: false, code: 'not_available' });
    expect(decide(linear, s, { action: 'advance' }, officer('leader'), ctx)).toEqual({ ok: false, code: 'forbidden' });
    expect(decide(linear, s, { action: 'advance' }, officer('specialist', DEPT_A), ctx)).toEqual({ ok: false, code: 'forbidden' });
    const atLeader = run(linear, s, 'advance', officer('specialist'));
    expect(decide(linear, atLeader, { action: 'back', comment: ' ' }, officer('leader'), ctx)).toEqual({ ok: false, code: 'comment_required' });
    expect(run(linear, atLeader, 'back', officer('leader'), 'Thiếu xác minh').nodeKey).toBe('thu_ly');
    expect(run(linear, atLeader, 'refuse', officer('leader'), 'Không đủ điều kiện')).toMatchObject({ status: 'refused', tasks: [] });
  });

  it('says in which role the actor acted, even when they hold several at the unit', () => {
    let s = run(linear, submitted(), 'accept', officer('desk'));
    const both: ActorContext = { userId: 'u1', isApplicant: false, roles: [{ unitId: U, role: 'desk' }, { unitId: U, role: 'leader' }] };
    expect(decide(linear, s, { action: 'pause', comment: 'Chờ xác minh' }, both, ctx)).toMatchObject({ ok: true, actorRole: 'leader' });
    expect(decide(linear, s, { action: 'withdraw' }, both, ctx)).toMatchObject({ ok: true, actorRole: 'desk' });
    expect(decide(linear, s, { action: 'withdraw' }, applicant, ctx)).toMatchObject({ ok: true, actorRole: 'applicant' });
    s = run(linear, s, 'advance', officer('specialist'));
    expect(decide(linear, s, { action: 'advance' }, both, ctx)).toMatchObject({ ok: true, actorRole: 'leader' });
  });

  it('a claimed task is only for its holder; a delegate acts on behalf of the absent leader', () => {
    let s = run(linear, submitted(), 'accept', officer('desk'));
    s = run(linear, s, 'advance', officer('specialist'));
    s = { ...s, tasks: s.tasks.map((t) => ({ ...t, userId: 'leader-A' })) };
    expect(decide(linear, s, { action: 'advance' }, officer('leader', U, 'leader-B'), ctx)).toEqual({ ok: false, code: 'forbidden' });
    const delegate: ActorContext = { userId: 'spec-1', isApplicant: false, roles: [{ unitId: U, role: 'specialist', onBehalfOf: null }, { unitId: U, role: 'leader', onBehalfOf: 'leader-A' }] };
    expect(decide(linear, s, { action: 'advance' }, delegate, ctx)).toMatchObject({ ok: true, toStatus: 'result_ready', onBehalfOf: 'leader-A' });
  });

  const branching: WorkflowGraph = {
    schema: 2, start: 'tham_dinh',
    nodes: [
      { key: 'tham_dinh', type: 'task', name: 'Thẩm định', assignee: { role: 'specialist' }, quota: { amount: 1, unit: 'day' }, actions: [{ kind: 'advance', target: 'dien_tich' }, { kind: 'consult', target: 'y_kien' }] },
      { key: 'dien_tich', type: 'branch', name: 'Diện tích > 100 m²?', routes: [{ when: { source: 'field', field: 'area', op: 'gt', value: 100 }, target: 'lien_thong' }], otherwise: 'ky' },
      { key: 'y_kien', type: 'consultation', name: 'Xin ý kiến', units: [DEPT_A, DEPT_B], role: 'specialist', quota: { amount: 2, unit: 'day' }, join: 'all', next: 'tham_dinh' },
      { key: 'lien_thong', type: 'transfer', name: 'Sở thẩm định', unitId: DEPT_A, quota: { amount: 3, unit: 'day' }, next: 'ky', onRefusal: 'tu_choi' },
      { key: 'ky', type: 'task', name: 'Ký', assignee: { role: 'leader' }, quota: { amount: 4, unit: 'hour' }, actions: [{ kind: 'advance', target: 'xong' }, { kind: 'refuse' }] },
      { key: 'xong', type: 'end', name: 'Có kết quả', outcome: 'result' },
      { key: 'tu_choi', type: 'end', name: 'Từ chối', outcome: 'refusal' },
    ],
  };

  it('follows a branch on a form field, and the other way when it does not hold', () => {
    let s = run(branching, submitted(), 'accept', officer('desk'));
    const d = decide(branching, s, { action: 'advance' }, officer('specialist'), ctx);
    expect(d).toMatchObject({ ok: true, toNode: 'lien_thong', via: ['dien_tich'], spawn: { unitId: DEPT_A } });
    s = run(branching, s, 'advance', officer('specialist'), undefined, { ...ctx, formData: { area: 80 } });
    expect(s.nodeKey).toBe('ky');
  });

  it('a liên thông leg waits for the other unit; its result or refusal moves the origin on', () => {
    let s = run(branching, submitted(), 'accept', officer('desk'));
    s = run(branching, s, 'advance', officer('specialist'));
    expect(s.tasks).toEqual([expect.objectContaining({ kind: 'transfer', unitId: DEPT_A })]);
    expect(availableActions(branching, s, officer('specialist'), ctx).map((a) => a.action)).not.toContain('advance');
    expect(decide(branching, s, { action: 'leg_completed', outcome: 'result' }, officer('leader'), ctx)).toEqual({ ok: false, code: 'forbidden' });
    expect(run(branching, s, 'leg_completed', system).nodeKey).toBe('ky');
    const refused = decide(branching, s, { action: 'leg_completed', outcome: 'refusal' }, system, ctx);
    expect(refused).toMatchObject({ ok: true, toStatus: 'refused' });
  });

  it('a leg ends by going back, not to the applicant', () => {
    const leg = decideIntake(linear, { kind: 'leg' }, system, { ...ctx, unitId: DEPT_A, receivingUnitId: DEPT_A });
    expect(leg).toMatchObject({ ok: true, toNode: 'thu_ly' });
    let s: Snapshot = apply({ ...submitted(), tasks: [], isLeg: true }, leg as Decision);
    s = run(linear, s, 'advance', officer('specialist', DEPT_A), undefined, { ...ctx, unitId: DEPT_A });
    const end = decide(linear, s, { action: 'advance' }, officer('leader', DEPT_A), { ...ctx, unitId: DEPT_A });
    expect(end).toMatchObject({ ok: true, toStatus: 'returned', effects: expect.arrayContaining(['leg_done']), open: [] });
  });

  it('parallel consultation joins when all have answered, each unit answering once', () => {
    let s = run(branching, submitted(), 'accept', officer('desk'));
    s = run(branching, s, 'consult', officer('specialist'));
    expect(s.tasks.map((t) => t.unitId).sort()).toEqual([DEPT_A, DEPT_B]);
    expect(decide(branching, s, { action: 'answer' }, officer('specialist', DEPT_A), ctx)).toEqual({ ok: false, code: 'comment_required' });
    s = run(branching, s, 'answer', officer('specialist', DEPT_A), 'Đồng ý');
    expect(s).toMatchObject({ nodeKey: 'y_kien', answered: 1 });
    expect(decide(branching, s, { action: 'answer', comment: 'lần 2' }, officer('specialist', DEPT_A), ctx)).toEqual({ ok: false, code: 'forbidden' });
    s = run(branching, s, 'answer', officer('specialist', DEPT_B), 'Đồng ý có điều kiện');
    expect(s).toMatchObject({ nodeKey: 'tham_dinh', tasks: [expect.objectContaining({ kind: 'task', role: 'specialist', unitId: U })] });
  });

  it('an expired consultation joins with the answers given; "any" joins at the first answer', () => {
    let s = run(branching, submitted(), 'accept', officer('desk'));
    s = run(branching, s, 'consult', officer('specialist'));
    const expired = decide(branching, s, { action: 'expire_consultation' }, system, ctx);
    expect(expired).toMatchObject({ ok: true, toNode: 'tham_dinh', close: [expect.objectContaining({ outcome: 'expired' }), expect.objectContaining({ outcome: 'expired' })] });
    const any = { ...branching, nodes: branching.nodes.map((n) => (n.type === 'consultation' ? { ...n, join: 'any' as const } : n)) };
    const first = decide(any, s, { action: 'answer', comment: 'Đồng ý' }, officer('specialist', DEPT_B), ctx);
    expect(first).toMatchObject({ ok: true, toNode: 'tham_dinh', close: [expect.objectContaining({ outcome: 'answered' }), expect.objectContaining({ outcome: 'cancelled' })] });
  });

  it('supplement during processing pauses with the task kept; the applicant resumes it', () => {
    let s = run(linear, submitted(), 'accept', officer('desk'));
    s = run(linear, s, 'request_supplement', officer('specialist'), 'Bổ sung bản vẽ');
    expect(s).toMatchObject({ status: 'awaiting_supplement', supplementStage: 'processing', tasks: [expect.objectContaining({ nodeKey: 'thu_ly' })] });
    s = run(linear, s, 'submit_supplement', applicant);
    expect(s).toMatchObject({ status: 'in_progress', nodeKey: 'thu_ly' });
  });
});

describe('workflow validator', () => {
  const units = new Map([[U, { name: 'UBND xã', roles: new Set(['desk', 'specialist', 'leader'] as const) }], [DEPT_A, { name: 'Sở A', roles: new Set(['specialist', 'leader'] as const) }], [DEPT_B, { name: 'Sở B', roles: new Set(['specialist'] as const) }]]);
  const vctx = { legalHours: 80, units, unitId: U, unitsWithWorkflow: new Set([DEPT_A]) };

  it('accepts the sample graph and the converted list', () => {
    expect(validateWorkflow(branching(), vctx)).toEqual([]);
    expect(validateWorkflow(linear, vctx)).toEqual([]);
  });
  it('says in words what is wrong: unknown target, dead end, unreachable step, quotas over the legal time', () => {
    const g = branching();
    (g.nodes[0] as { actions: unknown[] }).actions = [{ kind: 'advance', target: 'khong_co' }];
    expect(validateWorkflow(g, vctx).map((i) => i.code)).toContain('unknown_target');
    const dead = branching();
    dead.nodes.push({ key: 'mo_coi', type: 'task', name: 'Bước mồ côi', assignee: { role: 'specialist' }, quota: { amount: 1, unit: 'hour' }, actions: [{ kind: 'advance', target: 'mo_coi' }] });
    const codes = validateWorkflow(dead, vctx).map((i) => i.code);
    expect(codes).toContain('unreachable');
    expect(codes).toContain('dead_end');
    const slow = validateWorkflow(branching(), { ...vctx, legalHours: 16 });
    expect(slow).toEqual([expect.objectContaining({ code: 'quota_exceeds_legal_time', message: expect.stringContaining('vượt thời hạn') })]);
  });
  it('checks that roles are staffed, units exist and liên thông targets have a workflow', () => {
    const g = branching();
    const c = g.nodes.find((n) => n.type === 'consultation')!;
    (c as { role: string }).role = 'leader';
    expect(validateWorkflow(g, vctx).map((i) => i.code)).toEqual(['role_not_staffed']);
    const t = branching();
    (t.nodes.find((n) => n.type === 'transfer') as { unitId: string }).unitId = DEPT_B;
    expect(validateWorkflow(t, vctx).map((i) => i.code)).toEqual(['transfer_no_workflow']);
  });

  function branching(): WorkflowGraph {
    return JSON.parse(JSON.stringify({
      schema: 2, start: 'a', nodes: [
        { key: 'a', type: 'task', name: 'Thẩm định', assignee: { role: 'specialist' }, quota: { amount: 1, unit: 'day' }, actions: [{ kind: 'advance', target: 'b' }, { kind: 'consult', target: 'c' }] },
        { key: 'b', type: 'branch', name: 'Rẽ', routes: [{ when: { source: 'fee', op: 'gt', value: 0 }, target: 'd' }], otherwise: 'e' },
        { key: 'c', type: 'consultation', name: 'Xin ý kiến', units: [DEPT_A, DEPT_B], role: 'specialist', quota: { amount: 2, unit: 'day' }, join: 'all', next: 'a' },
        { key: 'd', type: 'transfer', name: 'Liên thông', unitId: DEPT_A, quota: { amount: 3, unit: 'day' }, next: 'e' },
        { key: 'e', type: 'task', name: 'Ký', assignee: { role: 'leader' }, quota: { amount: 4, unit: 'hour' }, actions: [{ kind: 'advance', target: 'f' }, { kind: 'refuse' }] },
        { key: 'f', type: 'end', name: 'Kết quả', outcome: 'result' },
        { key: 'g', type: 'end', name: 'Từ chối', outcome: 'refusal' },
      ],
    }));
  }
});

describe('action labels', () => {
  it('name where the dossier really goes, through branches', () => {
    const def: WorkflowGraph = {
      schema: 2, start: 'a', nodes: [
        { key: 'a', type: 'task', name: 'Thẩm định', assignee: { role: 'specialist' }, quota: { amount: 1, unit: 'day' }, actions: [{ kind: 'advance', target: 'b' }] },
        { key: 'b', type: 'branch', name: 'Có thu phí?', routes: [{ when: { source: 'fee', op: 'gt', value: 0 }, target: 'c' }], otherwise: 'd' },
        { key: 'c', type: 'task', name: 'Thu phí', assignee: { role: 'specialist' }, quota: { amount: 1, unit: 'hour' }, actions: [{ kind: 'advance', target: 'd' }] },
        { key: 'd', type: 'end', name: 'Kết quả', outcome: 'result' },
      ],
    };
    const s: Snapshot = { status: 'in_progress', nodeKey: 'a', supplementStage: null, extensionCount: 0, answered: 0, isLeg: false, tasks: [{ id: 't', nodeKey: 'a', kind: 'task', unitId: 'u', role: 'specialist', userId: null }] };
    const c: EngineContext = { unitId: 'u', receivingUnitId: 'u', formData: {}, feeTotal: 0 };
    const actor: ActorContext = { userId: 'x', isApplicant: false, roles: [{ unitId: 'u', role: 'specialist' }] };
    expect(availableActions(def, s, actor, { ...c, feeTotal: 50_000 }).find((a) => a.action === 'advance')!.label).toBe('Chuyển bước: Thu phí');
    expect(availableActions(def, s, actor, c).find((a) => a.action === 'advance')!.label).toBe('Phê duyệt, chuyển trả kết quả');
  });
});

describe('intake: how a dossier comes to exist, decided like every other change', () => {
  /** A process whose first node is a liên thông leg to DEPT_A, then the leader signs. */
  const legFirst: WorkflowGraph = {
    schema: 2, start: 'lien_thong',
    nodes: [
      { type: 'transfer', key: 'lien_thong', name: 'Liên thông Sở', unitId: DEPT_A, quota: { amount: 3, unit: 'day' }, next: 'ky', onRefusal: 'tu_choi' },
      { type: 'task', key: 'ky', name: 'Ký', assignee: { role: 'leader', unitId: null, userId: null }, quota: { amount: 4, unit: 'hour' }, actions: [{ kind: 'advance', target: 'ket_qua' }] },
      { type: 'end', key: 'ket_qua', name: 'Kết quả', outcome: 'result' },
      { type: 'end', key: 'tu_choi', name: 'Từ chối', outcome: 'refusal' },
    ],
  } as WorkflowGraph;

  it('an online submission waits for the desk, coded at once; only the applicant submits', () => {
    const d = decideIntake(linear, { kind: 'submit' }, applicant, ctx);
    expect(d).toMatchObject({
      ok: true, action: { action: 'submit' }, toStatus: 'submitted', actorRole: 'applicant',
      effects: expect.arrayContaining(['submitted', 'assign_code']), open: [expect.objectContaining({ kind: 'desk', unitId: U, role: 'desk' })],
    });
    expect(decideIntake(linear, { kind: 'submit' }, officer('desk'), ctx)).toEqual({ ok: false, code: 'forbidden' });
  });

  it('a walk-in accepted into a leg-first process starts the leg (the desk path did not)', () => {
    const d = decideIntake(legFirst, { kind: 'receive', decision: 'accept' }, officer('desk'), ctx);
    expect(d).toMatchObject({
      ok: true, toStatus: 'in_progress', toNode: 'lien_thong', actorRole: 'desk',
      effects: expect.arrayContaining(['submitted', 'assign_code', 'start_clock', 'enter_step']),
      open: [expect.objectContaining({ kind: 'transfer', unitId: DEPT_A })], spawn: { nodeKey: 'lien_thong', unitId: DEPT_A, quota: { amount: 3, unit: 'day' } },
    });
    // …exactly what accepting the same process from an online submission decides.
    const online = decide(legFirst, submitted(), { action: 'accept' }, officer('desk'), ctx);
    expect(online).toMatchObject({ ok: true, toNode: 'lien_thong', spawn: { unitId: DEPT_A } });
  });

  it('guidance to supplement and refusal at the desk need a reason; another ward\'s desk may not receive', () => {
    for (const decision of ['supplement', 'reject'] as const) {
      expect(decideIntake(linear, { kind: 'receive', decision }, officer('desk'), ctx)).toEqual({ ok: false, code: 'comment_required' });
    }
    expect(decideIntake(linear, { kind: 'receive', decision: 'supplement' }, officer('desk'), ctx, 'Thiếu giấy chứng sinh'))
      .toMatchObject({ ok: true, toStatus: 'awaiting_supplement', supplementStage: 'desk', open: [] });
    expect(decideIntake(linear, { kind: 'receive', decision: 'reject' }, officer('desk'), ctx, 'Không thuộc thẩm quyền'))
      .toMatchObject({ ok: true, toStatus: 'rejected', effects: expect.arrayContaining(['ended']) });
    expect(decideIntake(linear, { kind: 'receive', decision: 'accept' }, officer('desk', DEPT_B), ctx)).toEqual({ ok: false, code: 'forbidden' });
    expect(decideIntake(linear, { kind: 'receive', decision: 'accept' }, officer('specialist'), ctx)).toEqual({ ok: false, code: 'forbidden' });
  });

  it('a leg is opened by the system only, at the start of the other unit\'s process, and stops when its origin stops', () => {
    const legCtx = { ...ctx, unitId: DEPT_A, receivingUnitId: DEPT_A };
    expect(decideIntake(linear, { kind: 'leg' }, officer('desk', DEPT_A), legCtx)).toEqual({ ok: false, code: 'forbidden' });
    const leg = decideIntake(linear, { kind: 'leg' }, system, legCtx);
    expect(leg).toMatchObject({ ok: true, action: { action: 'transfer_in' }, toNode: 'thu_ly', effects: expect.arrayContaining(['leg_clock']) });
    const s = apply({ ...submitted(), tasks: [], isLeg: true }, leg as Decision);
    expect(availableActions(linear, s, officer('specialist', DEPT_A), legCtx).map((a) => a.action)).not.toContain('origin_ended');
    expect(decide(linear, s, { action: 'origin_ended' }, officer('leader', DEPT_A), legCtx)).toEqual({ ok: false, code: 'forbidden' });
    expect(decide(linear, s, { action: 'origin_ended' }, system, legCtx)).toMatchObject({
      ok: true, toStatus: 'withdrawn', close: [expect.objectContaining({ outcome: 'cancelled' })], effects: ['ended'],
    });
    // An origin dossier (not a leg) has no such transition.
    expect(decide(linear, run(linear, submitted(), 'accept', officer('desk')), { action: 'origin_ended' }, system, ctx)).toEqual({ ok: false, code: 'not_available' });
  });
});
