/**
 * The query parameters of the lists the web app pages through (what the hooks put in their keys), taken
 * from the routes' query schemas. Parameters with a server default (limit, offset) may be left out.
 */
import type { QueryOf } from './types';

export type PageQuery = Partial<QueryOf<'/my/dossiers', 'get'>>;
export type ProcedureQuery = Partial<QueryOf<'/procedures', 'get'>>;
export type AdminProcedureQuery = Partial<QueryOf<'/admin/procedures', 'get'>>;
/** The inbox's filters: scope, procedure, status, due, text (code or name, no diacritics needed), sort. */
export type InboxQuery = Partial<QueryOf<'/inbox', 'get'>>;
export type AdminWorkflowQuery = QueryOf<'/admin/workflows', 'get'>;
