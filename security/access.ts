import { ROLES, type Role } from './harness';

// Who may do what: every operation of the API, one line each, with the class of callers allowed. The classes
// are read from the code (policies, services, route guards) and the domain (docs/api.md, DOMAIN.md), not from
// what the server answers; `security/access-matrix.test.ts` checks the server against this table for every
// role, with real objects (security/fixtures.ts). The dossiers are at Phường Đồng Hới (the "unit"), submitted
// online by the applicant; "other" officers work at Phường Đồng Thuận.
//
// A refusal is 401 for nobody signed in, 404 where the object's existence is not to be revealed (a dossier,
// a session, a stored document, a delegation), 403 otherwise — always problem+json with a code.

/** What a role gets: allowed (a 2xx read; a write not refused), or the refusal's status. */
export type Outcome = 'ok' | 401 | 403 | 404;
export type AccessClass = Readonly<Record<Role, Outcome>> & { readonly name: string };

const cls = (name: string, base: Outcome, overrides: Partial<Record<Role, Outcome>>): AccessClass =>
  Object.freeze({ name, ...Object.fromEntries(ROLES.map((r) => [r, base])), anonymous: 401, ...overrides }) as AccessClass;
const ok = 'ok' as const;
const dossierReaders = { applicant: ok, desk: ok, specialist: ok, leader: ok, admin: ok };

/** Anyone, signed in or not. */
export const PUBLIC = cls('public', ok, { anonymous: ok });
/** Anyone signed in; answers about the caller's own account, tasks or dossiers. */
export const SIGNED_IN = cls('signed-in', ok, {});
/** Citizens only (their own identity). */
export const CITIZEN = cls('citizen', 403, { applicant: ok, stranger: ok });
/** Officers and admins (the second factor). */
export const OFFICER = cls('officer', ok, { applicant: 403, stranger: 403 });
/** Officers but not admins (turning the second factor off: admins must keep it). */
export const OFFICER_NOT_ADMIN = cls('officer-not-admin', ok, { applicant: 403, stranger: 403, admin: 403 });
/** The tenant's admins. */
export const ADMIN = cls('admin', 403, { admin: ok });
/** The owner of the thing named in the path (the applicant's session, stored document); anyone else: 404. */
export const OWNER = cls('owner', 404, { applicant: ok });
/** The leader who made the delegation; anyone else: 404. */
export const DELEGATOR = cls('delegator', 404, { leader: ok });
/** A desk officer of any unit (reception regardless of administrative boundaries). */
export const DESK = cls('desk', 403, { desk: ok, otherDesk: ok });
/** The desk of the unit named in the request. */
export const DESK_OF_UNIT = cls('desk-of-unit', 403, { desk: ok });
/** Officers of the unit named in the request. */
export const OFFICER_OF_UNIT = cls('officer-of-unit', 403, { desk: ok, specialist: ok, leader: ok });
/** The leader of the unit (delegations, task assignment). */
export const LEADER_OF_UNIT = cls('leader-of-unit', 403, { leader: ok });
/** Officers holding the task's role at its unit (the specialist's task). */
export const TASK_ROLE = cls('task-role', 403, { specialist: ok });
/** The task's holder, or a leader of its unit. */
export const TASK_HOLDER_OR_LEADER = cls('task-holder-or-leader', 403, { specialist: ok, leader: ok });
/** Who may read a dossier: its applicant, officers of the units it is at, admins; anyone else 404. */
export const DOSSIER_READER = cls('dossier-reader', 404, dossierReaders);
/** The applicant and the unit's officers (attach files; the applicant's store after consent); admins read only. */
export const APPLICANT_OR_UNIT = cls('applicant-or-unit', 404, { ...dossierReaders, admin: 403 });
/** Officers of the dossier's unit (the applicant's consent to the store). */
export const UNIT_OFFICER = cls('unit-officer', 404, { ...dossierReaders, applicant: 403, admin: 403 });
/** The desk of the dossier's receiving or competent unit (fees). */
export const UNIT_DESK = cls('unit-desk', 404, { ...dossierReaders, applicant: 403, specialist: 403, leader: 403, admin: 403 });
/** Specialists and leaders of the competent unit (the result document). */
export const UNIT_PROCESSOR = cls('unit-processor', 404, { ...dossierReaders, applicant: 403, desk: 403, admin: 403 });
/** The role of the dossier's current step (the specialist's step here); other readers 403. */
export const CURRENT_STEP = cls('current-step', 404, { ...dossierReaders, applicant: 403, desk: 403, leader: 403, admin: 403 });

export interface Rule {
  access: AccessClass;
  /** Answered 200 with one result per item: the refusal is in `items[0].code` (403 → `forbidden`, 404 → `dossier_not_found`). */
  perItem?: true;
}
const r = (access: AccessClass, extra: Omit<Rule, 'access'> = {}): Rule => ({ access, ...extra });

/** The table, in the order the matrix runs it: a few operations need an earlier one (claim before release, a day
 *  set before it is removed), and those that end the caller's own sessions come last. */
export const ACCESS: Record<string, Rule> = {
  'POST /api/v1/auth/login':                          r(PUBLIC),
  'POST /api/v1/auth/login/totp':                     r(PUBLIC),
  'POST /api/v1/auth/register':                       r(PUBLIC),
  'GET /api/v1/auth/me':                              r(SIGNED_IN),
  'POST /api/v1/account/password':                    r(SIGNED_IN),
  'POST /api/v1/account/totp/setup':                  r(OFFICER),
  'POST /api/v1/account/totp/confirm':                r(OFFICER),
  'POST /api/v1/account/totp/disable':                r(OFFICER_NOT_ADMIN),
  'GET /api/v1/account/sessions':                     r(SIGNED_IN),
  'POST /api/v1/admin/users/{id}/unlock':             r(ADMIN),
  'POST /api/v1/admin/users/{id}/totp/reset':         r(ADMIN),
  'GET /api/v1/my/identity':                          r(SIGNED_IN),
  'POST /api/v1/my/identity/desk-code':               r(CITIZEN),
  'POST /api/v1/desk/identity/lookup':                r(DESK),
  'POST /api/v1/desk/identity/verify':                r(DESK_OF_UNIT),

  'GET /api/v1/procedures':                           r(PUBLIC),
  'GET /api/v1/procedures/{code}':                    r(PUBLIC),
  'GET /api/v1/fields':                               r(PUBLIC),
  'GET /api/v1/units':                                r(PUBLIC),
  'GET /api/v1/calendar/days':                        r(PUBLIC),
  'GET /api/v1/calendar/deadline':                    r(PUBLIC),

  'POST /api/v1/dossiers':                            r(CITIZEN), // online submission: citizens' and businesses' own accounts
  'GET /api/v1/my/dossiers':                          r(SIGNED_IN),
  'GET /api/v1/dossiers/{id}':                        r(DOSSIER_READER),
  'GET /api/v1/dossiers/{id}/actions':                r(DOSSIER_READER),
  'GET /api/v1/dossiers/{id}/events':                 r(DOSSIER_READER),
  'GET /api/v1/dossiers/{id}/process':                r(DOSSIER_READER),
  'GET /api/v1/dossiers/{id}/files/{fileId}':         r(DOSSIER_READER),
  'POST /api/v1/dossiers/{id}/files':                 r(APPLICANT_OR_UNIT),
  'POST /api/v1/dossiers/{id}/actions/{action}':      r(CURRENT_STEP),
  'POST /api/v1/inbox/bulk':                          r(CURRENT_STEP, { perItem: true }),
  'GET /api/v1/public/dossiers/{code}':               r(PUBLIC),
  'GET /api/v1/dossiers/{id}/forms':                  r(DOSSIER_READER),
  'GET /api/v1/dossiers/{id}/forms/{no}':             r(DOSSIER_READER),
  'POST /api/v1/dossiers/{id}/fees':                  r(UNIT_DESK),
  'POST /api/v1/dossiers/{id}/result':                r(UNIT_PROCESSOR),
  'GET /api/v1/dossiers/{id}/result':                 r(DOSSIER_READER),
  'POST /api/v1/dossiers/{id}/store-consent':         r(UNIT_OFFICER),
  'GET /api/v1/dossiers/{id}/store':                  r(APPLICANT_OR_UNIT),
  'POST /api/v1/dossiers/{id}/files/reuse':           r(APPLICANT_OR_UNIT),
  'GET /api/v1/my/documents':                         r(SIGNED_IN),
  'GET /api/v1/my/documents/{id}/file':               r(OWNER),
  'POST /api/v1/public/verify':                       r(PUBLIC),

  'GET /api/v1/desk/people':                          r(DESK),
  'POST /api/v1/desk/dossiers':                       r(DESK_OF_UNIT),
  'GET /api/v1/desk/tracking-book':                   r(DESK_OF_UNIT),

  'GET /api/v1/inbox':                                r(SIGNED_IN),
  'POST /api/v1/tasks/{id}/claim':                    r(TASK_ROLE),
  'POST /api/v1/tasks/{id}/release':                  r(TASK_HOLDER_OR_LEADER),
  'POST /api/v1/tasks/{id}/assign':                   r(LEADER_OF_UNIT),
  'GET /api/v1/units/{unitId}/officers':              r(OFFICER_OF_UNIT),
  'GET /api/v1/delegations':                          r(SIGNED_IN),
  'POST /api/v1/delegations':                         r(LEADER_OF_UNIT),
  'DELETE /api/v1/delegations/{id}':                  r(DELEGATOR),

  'GET /api/v1/admin/units':                          r(ADMIN),
  'GET /api/v1/admin/users':                          r(ADMIN),
  'GET /api/v1/admin/units/{id}/calendar':            r(ADMIN),
  'PUT /api/v1/admin/units/{id}/calendar':            r(ADMIN),
  'PUT /api/v1/admin/calendar/days/{date}':           r(ADMIN),
  'DELETE /api/v1/admin/calendar/days/{date}':        r(ADMIN),
  'POST /api/v1/admin/calendar/import':               r(ADMIN),
  'GET /api/v1/admin/units/{id}/forms':               r(ADMIN),
  'PUT /api/v1/admin/units/{id}/forms':               r(ADMIN),
  'GET /api/v1/admin/units/{id}/certificate':         r(ADMIN),
  'PUT /api/v1/admin/units/{id}/certificate':         r(ADMIN),
  'GET /api/v1/admin/procedures':                     r(ADMIN),
  'POST /api/v1/admin/procedures':                    r(ADMIN),
  'GET /api/v1/admin/procedures/export':              r(ADMIN),
  'POST /api/v1/admin/procedures/import':             r(ADMIN),
  'GET /api/v1/admin/procedures/{code}':              r(ADMIN),
  'PUT /api/v1/admin/procedures/{code}':              r(ADMIN),
  'POST /api/v1/admin/procedures/{code}/publish':     r(ADMIN),
  'POST /api/v1/admin/procedures/{code}/unpublish':   r(ADMIN),
  'PUT /api/v1/admin/procedures/{code}/units':        r(ADMIN),
  'GET /api/v1/admin/procedures/{code}/versions':     r(ADMIN),
  'GET /api/v1/admin/workflows':                      r(ADMIN),
  'POST /api/v1/admin/workflows':                     r(ADMIN),
  'GET /api/v1/admin/workflows/{id}':                 r(ADMIN),
  'GET /api/v1/admin/workflows/{id}/context':         r(ADMIN),
  'PUT /api/v1/admin/workflows/{id}':                 r(ADMIN),
  'POST /api/v1/admin/workflows/{id}/copy':           r(ADMIN),
  'GET /api/v1/admin/workflows/{id}/export':          r(ADMIN),
  'POST /api/v1/admin/workflows/{id}/publish':        r(ADMIN),
  'DELETE /api/v1/admin/workflows/{id}':              r(ADMIN),
  'POST /api/v1/admin/workflows/import':              r(ADMIN),
  'GET /api/v1/admin/audit':                          r(ADMIN),
  'GET /api/v1/admin/audit/verify':                   r(ADMIN),

  'DELETE /api/v1/account/sessions/{id}':             r(OWNER),
  'DELETE /api/v1/account/sessions':                  r(SIGNED_IN),
  'POST /api/v1/auth/logout':                         r(SIGNED_IN),
};
