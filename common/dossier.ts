// The dossier's vocabulary, shared by the server (database types, route schemas) and the web app.
// Each list is spelled once here; the database CHECK constraints in server/db/migrations hold the same
// values (a migration must never import application code, so they are repeated there on purpose).

/** Every state a dossier can be in (DOMAIN.md: the dossier's life). */
export const DOSSIER_STATUSES = [
  'draft', 'submitted', 'in_progress', 'awaiting_supplement', 'awaiting_payment', 'paused', 'rejected', 'refused',
  'result_ready', 'returned', 'withdrawn',
] as const;
export type DossierStatus = (typeof DOSSIER_STATUSES)[number];

/** How a dossier reached the administration. */
export const CHANNELS = ['online', 'direct', 'postal', 'national_portal'] as const;
export type Channel = (typeof CHANNELS)[number];

/** What an action offered on a dossier does, which decides how the UI presents it. */
export const ACTION_KINDS = ['advance', 'back', 'supplement', 'reject', 'refuse', 'pause', 'other'] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

/** The desk's decision on a dossier it receives (Decree 118/2025, art. 15). */
export const DESK_DECISIONS = ['accept', 'supplement', 'reject'] as const;
export type DeskDecision = (typeof DESK_DECISIONS)[number];

/** How the result is handed to the applicant. */
export const RETURN_METHODS = ['desk', 'post', 'online'] as const;
export type ReturnMethod = (typeof RETURN_METHODS)[number];

/** Who asked for the supplement a dossier awaits: the desk at reception, or an officer while processing. */
export const SUPPLEMENT_STAGES = ['desk', 'processing'] as const;
export type SupplementStage = (typeof SUPPLEMENT_STAGES)[number];

/** The kinds of task a dossier's workflow opens. */
export const TASK_KINDS = ['desk', 'task', 'consultation', 'transfer'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

/** A step's state on a dossier's process diagram. */
export const VISIT_STATES = ['open', 'done', 'cancelled', 'expired'] as const;
export type VisitState = (typeof VISIT_STATES)[number];

export { DEADLINE_STATES, type DeadlineState } from './calendar';
