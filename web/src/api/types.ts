/**
 * Names for the MotCua API's shapes, as the web app uses them. Nothing here is written by hand: every
 * request and response type is taken from `openapi.d.ts`, which `npm run api:types` generates from the
 * server's route schemas (a unit test fails while it is out of date), and the shared vocabularies
 * (statuses, roles, kinds) come from `common/`, where the server takes them too.
 */
import type { components, paths } from './openapi';
import type { ValidationIssue, WorkflowGraph } from '../../../common/workflow';

export type { ActionKind, DeadlineState, DeskDecision, DossierStatus, ReturnMethod, VisitState } from '../../../common/dossier';
export type { IdType, Role as RoleName } from '../../../common/accounts';
export type { OnlineLevel } from '../../../common/catalog';
export type { CalendarDayKind } from '../../../common/calendar';
export type { OfficerRole, WorkflowStatus } from '../../../common/workflow';

// ---- reading the generated document ----

type V1 = '/api/v1';
/** An API path as the client calls it (without `/api/v1`). */
export type ApiPath = keyof paths extends `${V1}${infer P}` ? P : never;
type Method = 'get' | 'post' | 'put' | 'delete';
type Operation<P extends ApiPath, M extends Method> = NonNullable<paths[`${V1}${P}`][M]>;
type JsonContent<R> = R extends { content: { 'application/json': infer B } } ? B : never;

/** The JSON of a route's successful answer (200, or 201 for creations). */
export type ResponseOf<P extends ApiPath, M extends Method> =
  Operation<P, M> extends { responses: infer R }
    ? R extends { 200: infer Ok } ? JsonContent<Ok> : R extends { 201: infer Created } ? JsonContent<Created> : never
    : never;
/** The JSON body a route accepts. */
export type BodyOf<P extends ApiPath, M extends Method> =
  Operation<P, M> extends { requestBody?: infer B } ? JsonContent<NonNullable<B>> : never;
/** The query string a route accepts. */
export type QueryOf<P extends ApiPath, M extends Method> =
  Operation<P, M> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;
type ItemOf<T> = T extends { items: (infer I)[] } ? I : never;

/** The problem+json body of every error (RFC 9457, with the stable `code`). */
export type ProblemBody = components['schemas']['Problem'];
export type ProblemFieldErrorRef = NonNullable<ProblemBody['errors']>[number];

export interface Page<T> {
  items: T[];
  total: number;
}

export interface Items<T> {
  items: T[];
}

// ---- accounts and sign-in ----

export type Session = ResponseOf<'/auth/me', 'get'>;
export type User = Session['user'];
export type UserRole = User['roles'][number];
/** Login answer when the password was right and the account has TOTP: send the code with the challenge. */
export type LoginChallenge = Extract<ResponseOf<'/auth/login', 'post'>, { challenge: string }>;
export type RegisterInput = BodyOf<'/auth/register', 'post'>;
/** What the authenticator app needs (shown once, at enrollment). */
export type TotpSetup = ResponseOf<'/account/totp/setup', 'post'>;
/** One of the signed-in user's sessions. */
export type SessionInfo = ItemOf<ResponseOf<'/account/sessions', 'get'>>;
export type AdminUser = ItemOf<ResponseOf<'/admin/users', 'get'>>;

// ---- catalog and organisation ----

export type ProcedureSummary = ItemOf<ResponseOf<'/procedures', 'get'>>;
export type Procedure = ResponseOf<'/procedures/{code}', 'get'>;
export type ProcessingTime = Procedure['processingTime'];
export type FieldRef = ItemOf<ResponseOf<'/fields', 'get'>>;
export type ProcedureFee = Procedure['fees'][number];
export type ProcedureDocument = Procedure['documents'][number];
export type UnitRef = Procedure['units'][number];
export type Unit = ItemOf<ResponseOf<'/units', 'get'>>;
export type AdminUnit = ItemOf<ResponseOf<'/admin/units', 'get'>>;

// ---- dossiers ----

export type Dossier = ResponseOf<'/dossiers/{id}', 'get'>;
export type StepRef = NonNullable<Dossier['step']>;
export type DeadlineInfo = NonNullable<Dossier['deadline']>;
export type Applicant = Dossier['applicant'];
export type AuthorisedPerson = NonNullable<Dossier['authorised']>;
export type DossierFee = Dossier['fees'][number];
/** The result document of a dossier (signed with the unit's certificate on final approval). */
export type DossierResult = NonNullable<Dossier['result']>;
export type DossierFile = ResponseOf<'/dossiers/{id}/files', 'post'>;
/** Response of POST /dossiers/{id}/result. */
export type DossierResultFile = ResponseOf<'/dossiers/{id}/result', 'post'>;
export type DossierSummary = ItemOf<ResponseOf<'/my/dossiers', 'get'>>;
export type DossierAction = ItemOf<ResponseOf<'/dossiers/{id}/actions', 'get'>>;
/** An action on a dossier: its name (in the path) and the body. */
export type DossierActionInput = BodyOf<'/dossiers/{id}/actions/{action}', 'post'> & { action: string };
export type DossierEvent = ItemOf<ResponseOf<'/dossiers/{id}/events', 'get'>>;
export type PublicDossier = ResponseOf<'/public/dossiers/{code}', 'get'>;
/** One printable one-stop form (Mẫu 01–06) of a dossier. */
export type DossierForm = ItemOf<ResponseOf<'/dossiers/{id}/forms', 'get'>>;
/** A document kept in an applicant's store of digitised documents. */
export type StoredDocument = ItemOf<ResponseOf<'/my/documents', 'get'>>;
export type StoreConsent = ResponseOf<'/dossiers/{id}/store-consent', 'post'>;

// ---- desk reception ----

/** A person or organisation known to the desk's registry (GET /desk/people). */
export type Person = ResponseOf<'/desk/people', 'get'>;
/** Body of POST /desk/dossiers (direct reception at the one-stop desk). */
export type DeskDossierInput = BodyOf<'/desk/dossiers', 'post'>;

// ---- result document, signatures ----

/** A unit's digital signing certificate (PKCS#12 stored encrypted on the server). */
export type UnitCertificate = ResponseOf<'/admin/units/{id}/certificate', 'get'>;
/** Response of POST /public/verify (electronic result verification). */
export type VerifyResult = ResponseOf<'/public/verify', 'post'>;

// ---- workflows (docs/workflows.md) ----

export type WorkflowSummary = ItemOf<ResponseOf<'/admin/workflows', 'get'>>;
/**
 * GET /admin/workflows/{id}. The route schema says only "an object" for the graph (it is checked by
 * `validateWorkflow`, not by the schema), so the graph and its issues are named by common/workflow.ts.
 */
export type WorkflowDetail = Omit<ResponseOf<'/admin/workflows/{id}', 'get'>, 'definition' | 'issues'> & {
  definition: WorkflowGraph;
  issues: ValidationIssue[];
};
/** GET /admin/workflows/{id}/context: what the designer needs to validate and offer choices. */
export type WorkflowContext = ResponseOf<'/admin/workflows/{id}/context', 'get'>;
export type WorkflowContextUnit = WorkflowContext['units'][number];
export type WorkflowContextOfficer = WorkflowContext['officers'][number];
export type WorkflowFormField = WorkflowContext['formFields'][number];
/** One unit's outcome of POST /admin/workflows/{id}/copy. */
export type WorkflowCopyResult = ItemOf<ResponseOf<'/admin/workflows/{id}/copy', 'post'>>;
/** The document of GET /admin/workflows/{id}/export (and the input of import). */
export type WorkflowExport = ResponseOf<'/admin/workflows/{id}/export', 'get'>;

// ---- officers' inbox, tasks, delegations ----

/** `team`: leaders only, every open task at the units they lead. */
export type InboxScope = NonNullable<QueryOf<'/inbox', 'get'>['scope']>;
export type InboxPage = ResponseOf<'/inbox', 'get'>;
export type InboxItem = InboxPage['items'][number];
/** The piece of work an inbox row stands for. */
export type InboxTask = InboxItem['task'];
export type InboxCounts = InboxPage['counts'];
export type PersonRef = NonNullable<InboxTask['assignee']>;
/** One dossier's outcome of POST /inbox/bulk. */
export type BulkResult = ItemOf<ResponseOf<'/inbox/bulk', 'post'>>;
/** An officer of a unit (GET /units/{id}/officers). */
export type UnitOfficer = ItemOf<ResponseOf<'/units/{unitId}/officers', 'get'>>;
/** A leader's delegation of their role at a unit for a period (given or received). */
export type Delegation = ItemOf<ResponseOf<'/delegations', 'get'>>;
export type DelegationInput = BodyOf<'/delegations', 'post'>;

// ---- process diagram of a dossier ----

/** GET /dossiers/{id}/process (the graph named by common/workflow.ts, as for WorkflowDetail). */
export type DossierProcess = Omit<ResponseOf<'/dossiers/{id}/process', 'get'>, 'definition'> & { definition: WorkflowGraph };
export type ProcessVisit = DossierProcess['visits'][number];
/** A liên thông leg: the child dossier at another unit. */
export type ProcessLeg = DossierProcess['legs'][number];

// ---- working calendar ----

export type CalendarYear = ResponseOf<'/calendar/days', 'get'>;
export type CalendarDay = CalendarYear['days'][number];
export type WorkSession = CalendarDay['sessions'][number];
export type DeadlineQuery = QueryOf<'/calendar/deadline', 'get'>;
export type DeadlineResult = ResponseOf<'/calendar/deadline', 'get'>;
export type CalendarDayInput = BodyOf<'/admin/calendar/days/{date}', 'put'>;
export type HolidayFileDay = BodyOf<'/admin/calendar/import', 'post'>['days'][number];
export type CalendarImportResult = ResponseOf<'/admin/calendar/import', 'post'>;
export type UnitCalendar = ResponseOf<'/admin/units/{id}/calendar', 'get'>;
export type UnitClosure = UnitCalendar['closures'][number];

// ---- procedure administration ----

export type ProcedureInput = BodyOf<'/admin/procedures', 'post'>;
export type AdminProcedure = ResponseOf<'/admin/procedures/{code}', 'get'>;
export type AdminProcedureSummary = ItemOf<ResponseOf<'/admin/procedures', 'get'>>;
export type ProcedureVersion = ItemOf<ResponseOf<'/admin/procedures/{code}/versions', 'get'>>;
export type ProcedureImportResult = ResponseOf<'/admin/procedures/import', 'post'>;

// ---- identity (declared / verified ID number) ----

export type DeskCode = ResponseOf<'/my/identity/desk-code', 'post'>;
/** The account behind a code the citizen shows at the desk. */
export type CodeAccount = ResponseOf<'/desk/identity/lookup', 'post'>;
export type IdentityVerified = ResponseOf<'/desk/identity/verify', 'post'>;

// ---- audit log ----

export type AuditEntry = ItemOf<ResponseOf<'/admin/audit', 'get'>>;
export type AuditQuery = QueryOf<'/admin/audit', 'get'>;
export type AuditVerdict = ResponseOf<'/admin/audit/verify', 'get'>;
