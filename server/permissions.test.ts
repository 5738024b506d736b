import { describe, expect, it } from 'vitest';
import type { AppDeps } from './deps';
import type { Actor } from './platform/auth';
import { AppError } from './platform/errors';
import * as accounts from './modules/accounts/service';
import * as audit from './modules/audit/service';
import * as calendar from './modules/calendar/service';
import * as catalog from './modules/catalog/service';
import * as spreadsheet from './modules/catalog/spreadsheet';
import * as documents from './modules/documents/service';
import * as org from './modules/org/service';
import * as workflow from './modules/workflow/service';

// Every administration use case checks that the caller is an admin itself, before it reads anything: a route
// that forgets its guard, a script or another module calling the service directly still gets 403. The
// database given here fails the test on any use, so a check that comes after a query is caught too.

const untouchable = new Proxy({}, {
  get(_t, prop) {
    if (prop === 'then') return undefined;
    throw new Error(`the database was used (${String(prop)}) before the permission check`);
  },
});
const deps = {
  db: untouchable, calendar: untouchable, storage: untouchable, searchCache: untouchable, secrets: untouchable, config: untouchable,
  now: () => Date.parse('2026-03-10T02:00:00Z'), onUnitsAssigned: async () => { throw new Error('units assigned before the permission check'); },
} as unknown as AppDeps;

const officer: Actor = {
  userId: '00000000-0000-4000-8000-000000000001', tenantId: '00000000-0000-4000-8000-000000000002', username: 'chuyenvien', fullName: 'Chuyên viên',
  kind: 'officer', roles: [{ role: 'specialist', unitId: '00000000-0000-4000-8000-000000000003' }, { role: 'leader', unitId: '00000000-0000-4000-8000-000000000003' }],
  sessionId: 's', sessionHandle: 'h', csrfToken: 'c', totpEnabled: true,
};
const ID = '00000000-0000-4000-8000-000000000009';
const procedure = {
  code: '1.000001', name: 'Thủ tục', field: { code: 'F', name: 'Lĩnh vực' }, level: 'commune', processingTime: { amount: 1, unit: 'day' as const, text: '1 ngày' },
  fees: [], feeText: '', documents: [], steps: '', conditions: '', legalBasis: [], result: '', applicants: [], onlineLevel: 'full' as const,
  formSchema: { type: 'object', properties: {} },
};
const ctx = { ip: '127.0.0.1', userAgent: null, requestId: 'r' };

const useCases: [string, () => Promise<unknown>][] = [
  ['calendar.setCalendarDay', () => calendar.setCalendarDay(deps, officer, '2026-03-10', { kind: 'holiday', name: 'Thử' })],
  ['calendar.removeCalendarDay', () => calendar.removeCalendarDay(deps, officer, '2026-03-10')],
  ['calendar.importCalendarDays', () => calendar.importCalendarDays(deps, officer, { days: [] })],
  ['calendar.unitCalendar', () => calendar.unitCalendar(deps, officer, ID)],
  ['calendar.setUnitCalendar', () => calendar.setUnitCalendar(deps, officer, ID, { weekly: [], closures: [] })],
  ['catalog.listAdminProcedures', () => catalog.listAdminProcedures(deps, officer, { limit: 10, offset: 0 })],
  ['catalog.getAdminProcedure', () => catalog.getAdminProcedure(deps, officer, '1.000001')],
  ['catalog.listVersions', () => catalog.listVersions(deps, officer, '1.000001')],
  ['catalog.createProcedure', () => catalog.createProcedure(deps, officer, procedure)],
  ['catalog.updateProcedure', () => catalog.updateProcedure(deps, officer, '1.000001', procedure, 1)],
  ['catalog.setPublished', () => catalog.setPublished(deps, officer, '1.000001', true)],
  ['catalog.setUnits', () => catalog.setUnits(deps, officer, '1.000001', [ID])],
  ['catalog.exportProcedures', () => spreadsheet.exportProcedures(deps, officer, 'csv')],
  ['catalog.importProcedures', () => spreadsheet.importProcedures(deps, officer, [], false)],
  ['catalog.importCatalogFile', () => spreadsheet.importCatalogFile(deps, officer, { filename: 'a.csv', data: Buffer.from('x') }, true)],
  ['workflow.listWorkflows', () => workflow.listWorkflows(deps, officer, {})],
  ['workflow.getWorkflow', () => workflow.getWorkflow(deps, officer, ID)],
  ['workflow.designerContext', () => workflow.designerContext(deps, officer, ID)],
  ['workflow.createDraft', () => workflow.createDraft(deps, officer, { procedureCode: '1.000001', unitId: ID })],
  ['workflow.saveDraft', () => workflow.saveDraft(deps, officer, ID, { schema: 2, start: 'a', nodes: [] })],
  ['workflow.publish', () => workflow.publish(deps, officer, ID)],
  ['workflow.deleteDraft', () => workflow.deleteDraft(deps, officer, ID)],
  ['workflow.copyTo', () => workflow.copyTo(deps, officer, ID, [ID], true)],
  ['workflow.exportDocument', () => workflow.exportDocument(deps, officer, ID)],
  ['workflow.importDocument', () => workflow.importDocument(deps, officer, ID, {})],
  ['org.adminUnits', () => org.adminUnits(deps, officer)],
  ['accounts.staffList', () => accounts.staffList(deps, officer)],
  ['accounts.unlockUser', () => accounts.unlockUser(deps, officer, ID, ctx)],
  ['accounts.resetUserTotp', () => accounts.resetUserTotp(deps, officer, ID, ctx)],
  ['audit.searchAuditLog', () => audit.searchAuditLog(deps, officer, { limit: 10, offset: 0 })],
  ['audit.verifyAuditLog', () => audit.verifyAuditLog(deps, officer)],
  ['documents.unitFormSettings', () => documents.unitFormSettings(deps, officer, ID)],
  ['documents.setUnitFormSettings', () => documents.setUnitFormSettings(deps, officer, ID, { parentName: 'A', deskName: 'B', place: 'C' })],
  ['documents.unitCertificate', () => documents.unitCertificate(deps, officer, ID)],
  ['documents.setUnitCertificate', () => documents.setUnitCertificate(deps, officer, ID, Buffer.from('x'), '')],
];

describe('administration services check the caller first', () => {
  it.each(useCases)('%s refuses an officer who is not an admin with 403, touching nothing', async (_name, run) => {
    const err = await run().then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(403);
    expect((err as AppError).code).toBe('forbidden');
  });
});
