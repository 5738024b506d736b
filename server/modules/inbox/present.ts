import { classify, type WorkCalendar } from '../../../common/calendar';
import { nodeOf, toGraph } from '../../../common/workflow';
import type { DelegationRow } from '../accounts/repo';
import { presentSummary } from '../dossiers/present';
import type { InboxRow } from './repo';

/** An inbox row: the dossier's summary, and the task waiting with its step name, holder and deadline. */
export function presentInboxItem(r: InboxRow, now: number, cal: WorkCalendar) {
  const node = nodeOf(toGraph(r.definition), r.node_key);
  return {
    ...presentSummary(r, now, cal), isLeg: r.origin_dossier_id !== null,
    task: {
      id: r.task_id, nodeKey: r.node_key, kind: r.task_kind, unitId: r.task_unit_id, unitName: r.task_unit_name, role: r.task_role,
      name: node?.name ?? (r.status === 'result_ready' ? 'Trả kết quả' : 'Tiếp nhận hồ sơ'),
      assignee: r.assignee_id ? { id: r.assignee_id, fullName: r.assignee_name ?? '' } : null,
      dueAt: r.task_due_at ? r.task_due_at.toISOString() : null,
      deadline: r.task_due_at ? { state: classify(r.task_due_at.getTime(), now, null, cal) } : null,
    },
  };
}

/** A delegation as the two people concerned see it. */
export function presentDelegation(g: DelegationRow) {
  return {
    id: g.id, role: g.role, unitId: g.unit_id, unitName: g.unit_name, from: { id: g.from_id, fullName: g.from_name }, to: { id: g.to_id, fullName: g.to_name },
    startsAt: g.starts_at.toISOString(), endsAt: g.ends_at.toISOString(), note: g.note,
  };
}
