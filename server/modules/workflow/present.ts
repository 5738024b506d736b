import type { ValidationIssue } from '../../../common/workflow';
import { toGraph } from '../../../common/workflow';
import type { WorkflowRow, WorkflowSummaryRow } from './repo';

/** The legal processing time in working hours; a same-day procedure ("trong ngày", 0 days) has one working day. */
export const legalHoursOf = (p: { processing_amount: string | number; processing_unit: 'day' | 'hour' }) =>
  (Number(p.processing_amount) === 0 && p.processing_unit === 'day' ? 8 : Number(p.processing_amount) * (p.processing_unit === 'day' ? 8 : 1));

/** A workflow version with its graph, legal time and what the validator found. */
export function presentWorkflow(w: WorkflowRow, issues: ValidationIssue[]) {
  return {
    id: w.id, procedureCode: w.procedure_code, procedureName: w.procedure_name, unitId: w.unit_id, unitCode: w.unit_code, unitName: w.unit_name,
    version: w.version, status: w.status, definition: toGraph(w.definition), legalHours: legalHoursOf(w), issues,
    createdAt: w.created_at.toISOString(), publishedAt: w.published_at ? w.published_at.toISOString() : null,
  };
}

/** A workflow version in the admin list. */
export function presentWorkflowSummary(w: WorkflowSummaryRow) {
  return {
    id: w.id, procedureCode: w.procedure_code, procedureName: w.procedure_name, unitId: w.unit_id, unitCode: w.unit_code, unitName: w.unit_name,
    version: w.version, status: w.status, nodeCount: toGraph(w.definition).nodes.length, inFlight: Number(w.in_flight),
    createdAt: w.created_at.toISOString(), publishedAt: w.published_at ? w.published_at.toISOString() : null,
  };
}
