import type {
  FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault,
} from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from './config';
import type { Db, Tx } from './db/client';
import type { WorkflowDefinition } from './db/types';
import type { AuditRecorder } from './platform/audit';
import type { Actor } from './platform/auth';
import type { SecretBox } from './platform/secrets';
import type { FileStorage } from './platform/storage';
import type { CalendarProvider } from './modules/calendar/provider';
import type { SearchCache } from './modules/catalog/search-cache';
import type { DossierRow } from './modules/dossiers/repo';

// What the application is made of, declared once. `app.ts` builds it and hands it to each module's routes;
// each service takes only the part it uses (`Pick<AppDeps, …>`). Nothing here imports a routes file or
// app.ts, so no module depends on the app that mounts it.

/** Work done before a decision commits (e.g. signing the e-result): what to write in the transaction, and how to undo. */
export type DecisionHook = (d: DossierRow, actor: Actor, now: number) => Promise<{ write: (trx: Tx) => Promise<void>; undo: () => Promise<void> } | null>;

/** Called in the transaction that assigns units to a procedure: each unit gets a published internal workflow
 *  for it unless it has one (the workflow module's; the catalog does not write workflows). */
export type UnitsAssignedHook = (
  trx: Tx, procedure: { id: string; tenant_id: string; default_workflow: WorkflowDefinition }, unitIds: readonly string[],
) => Promise<void>;

export interface AppDeps {
  config: Config;
  db: Db;
  storage: FileStorage;
  calendar: CalendarProvider;
  /** The clock (ms since epoch); injectable for tests of legal time. */
  now: () => number;
  /** Public catalog search results (made by buildApp when not given). */
  searchCache?: SearchCache;
  /** Secrets at rest (made by buildApp from the configured master key when not given). */
  secrets?: SecretBox;
  /** True while the database is known to be down (the embedded one between a crash and its restart). */
  databaseDown?: () => boolean;
  /** Signs the e-result when a dossier is decided (set by buildApp). */
  onResultReady?: DecisionHook;
  /** Writes audit entries for reads and administration (made by buildApp when not given). */
  audit?: AuditRecorder;
  /** Gives units newly assigned to a procedure their workflow (set by buildApp). */
  onUnitsAssigned?: UnitsAssignedHook;
}

/** The Fastify instance a module's routes are declared on: handler types come from the route schemas (TypeBox). */
export type App = FastifyInstance<
  RawServerDefault, RawRequestDefaultExpression<RawServerDefault>, RawReplyDefaultExpression<RawServerDefault>, FastifyBaseLogger, TypeBoxTypeProvider
>;
