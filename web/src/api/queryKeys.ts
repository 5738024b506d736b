/**
 * Every TanStack Query key of the web app, and every prefix used to invalidate a family of them. A key
 * is an array whose first items name the family: invalidating `queryKeys.inbox.all` refreshes every
 * inbox page whatever its filters. Features import from here only; nobody spells a key inline.
 */
import type { AdminProcedureQuery, AdminWorkflowQuery, InboxQuery, PageQuery, ProcedureQuery } from './queries';
import type { AuditQuery } from './types';

export const queryKeys = {
  /** The signed-in session (`null` when signed out): kept when the cache is cleared at sign-in/out. */
  session: ['me'] as const,
  mySessions: ['my-sessions'] as const,

  procedures: {
    all: ['procedures'] as const,
    list: (params: ProcedureQuery) => ['procedures', params] as const,
  },
  procedure: (code: string) => ['procedure', code] as const,
  fields: ['fields'] as const,
  units: ['units'] as const,

  dossier: {
    all: ['dossier'] as const,
    detail: (id: string) => ['dossier', id] as const,
    actions: (id: string) => ['dossier', id, 'actions'] as const,
    events: (id: string) => ['dossier', id, 'events'] as const,
    forms: (id: string) => ['dossier', id, 'forms'] as const,
    process: (id: string) => ['dossier', id, 'process'] as const,
  },
  dossierStore: (dossierId: string) => ['dossier-store', dossierId] as const,
  myDossiers: {
    all: ['my-dossiers'] as const,
    list: (params: PageQuery) => ['my-dossiers', params] as const,
  },
  myDocuments: ['my-documents'] as const,
  publicDossier: (code: string) => ['public-dossier', code] as const,

  inbox: {
    all: ['inbox'] as const,
    list: (params: InboxQuery) => ['inbox', params] as const,
  },
  unitOfficers: (unitId: string) => ['unit-officers', unitId] as const,
  delegations: ['delegations'] as const,

  calendar: {
    all: ['calendar'] as const,
    days: {
      all: ['calendar', 'days'] as const,
      year: (year: number, unitId: string | null) => ['calendar', 'days', year, unitId ?? ''] as const,
    },
    unit: (unitId: string) => ['calendar', 'unit', unitId] as const,
  },

  admin: {
    units: ['admin', 'units'] as const,
    users: ['admin', 'users'] as const,
    unitCertificate: (unitId: string) => ['admin', 'unit-certificate', unitId] as const,
    unitFormLines: (unitId: string) => ['admin', 'unit-forms', unitId] as const,
    procedures: {
      all: ['admin', 'procedures'] as const,
      list: (params: AdminProcedureQuery) => ['admin', 'procedures', params] as const,
    },
    procedure: (code: string) => ['admin', 'procedure', code] as const,
    procedureVersions: (code: string) => ['admin', 'procedure', code, 'versions'] as const,
    workflows: {
      all: ['admin', 'workflows'] as const,
      list: (params: AdminWorkflowQuery) => ['admin', 'workflows', params] as const,
    },
    workflow: {
      all: ['admin', 'workflow'] as const,
      detail: (id: string) => ['admin', 'workflow', id] as const,
      context: (id: string) => ['admin', 'workflow', id, 'context'] as const,
    },
  },

  audit: (query: AuditQuery) => ['audit', query] as const,
};
