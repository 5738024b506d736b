import { describe, expect, it } from 'vitest';
import type { Role, WorkflowDefinition } from '../../db/types';
import { availableActions, decide, rolesThatAct } from './engine';

const def: WorkflowDefinition = {
  steps: [
    { key: 'thu_ly', name: 'Thụ lý', role: 'specialist', quotaHours: 8 },
    { key: 'phe_duyet', name: 'Phê duyệt', role: 'leader', quotaHours: 4 },
  ],
};
const as = (...roles: Role[]) => ({ isApplicant: false, unitRoles: new Set(roles) });
const applicant = { isApplicant: true, unitRoles: new Set<Role>() };

describe('workflow engine (ordered steps)', () => {
  it('lets the desk accept a submitted dossier into the first step and starts the clock', () => {
    const d = decide(def, { status: 'submitted', stepKey: null, supplementStage: null }, 'accept', as('desk'));
    expect(d).toMatchObject({ ok: true, toStatus: 'in_progress', toStep: 'thu_ly', effects: ['start_clock', 'enter_step'] });
  });
  it('refuses the action to someone without the role (forbidden) and an action out of turn (not available)', () => {
    const snap = { status: 'submitted' as const, stepKey: null, supplementStage: null };
    expect(decide(def, snap, 'accept', as('specialist'))).toEqual({ ok: false, code: 'forbidden' });
    expect(decide(def, snap, 'advance', as('desk'))).toEqual({ ok: false, code: 'not_available' });
    expect(decide(def, snap, 'no_such_action', as('desk'))).toEqual({ ok: false, code: 'not_available' });
  });
  it('requires a reason to reject, send back or request a supplement', () => {
    const snap = { status: 'submitted' as const, stepKey: null, supplementStage: null };
    expect(decide(def, snap, 'reject', as('desk'), '  ')).toEqual({ ok: false, code: 'comment_required' });
    expect(decide(def, snap, 'reject', as('desk'), 'Sai thẩm quyền')).toMatchObject({ ok: true, toStatus: 'rejected' });
  });
  it('advances step by step to result_ready, and lets each step send back', () => {
    const s1 = { status: 'in_progress' as const, stepKey: 'thu_ly', supplementStage: null };
    expect(decide(def, s1, 'advance', as('specialist'))).toMatchObject({ ok: true, toStep: 'phe_duyet' });
    expect(decide(def, s1, 'advance', as('leader'))).toEqual({ ok: false, code: 'forbidden' });
    expect(availableActions(def, s1, as('specialist')).map((a) => a.action)).not.toContain('back');
    const s2 = { status: 'in_progress' as const, stepKey: 'phe_duyet', supplementStage: null };
    expect(decide(def, s2, 'back', as('leader'), 'Bổ sung thẩm định')).toMatchObject({ ok: true, toStep: 'thu_ly' });
    expect(decide(def, s2, 'advance', as('leader'))).toMatchObject({ ok: true, toStatus: 'result_ready', effects: ['decided'] });
    expect(decide(def, s2, 'refuse', as('leader'), 'Không đủ điều kiện')).toMatchObject({ ok: true, toStatus: 'refused' });
  });
  it('pauses on a processing-stage supplement and resumes at the same step', () => {
    const s1 = { status: 'in_progress' as const, stepKey: 'thu_ly', supplementStage: null };
    const p = decide(def, s1, 'request_supplement', as('specialist'), 'Thiếu giấy chứng sinh');
    expect(p).toMatchObject({ ok: true, toStatus: 'awaiting_supplement', supplementStage: 'processing', effects: ['pause_clock'] });
    const back = decide(def, { status: 'awaiting_supplement', stepKey: 'thu_ly', supplementStage: 'processing' }, 'submit_supplement', applicant);
    expect(back).toMatchObject({ ok: true, toStatus: 'in_progress', toStep: 'thu_ly', effects: ['resume_clock'] });
  });
  it('returns a desk-stage supplement to reception, where the clock will start from zero', () => {
    const back = decide(def, { status: 'awaiting_supplement', stepKey: null, supplementStage: 'desk' }, 'submit_supplement', applicant);
    expect(back).toMatchObject({ ok: true, toStatus: 'submitted', effects: ['mark_complete'] });
  });
  it('never moves a final status', () => {
    for (const status of ['rejected', 'refused', 'returned', 'withdrawn'] as const) {
      expect(availableActions(def, { status, stepKey: null, supplementStage: null }, as('desk', 'specialist', 'leader'))).toEqual([]);
    }
  });
  it('names who acts next for the inbox', () => {
    expect(rolesThatAct(def, { status: 'submitted', stepKey: null, supplementStage: null })).toEqual(['desk']);
    expect(rolesThatAct(def, { status: 'in_progress', stepKey: 'phe_duyet', supplementStage: null })).toEqual(['leader']);
    expect(rolesThatAct(def, { status: 'awaiting_supplement', stepKey: 'thu_ly', supplementStage: 'processing' })).toEqual([]);
  });
});
