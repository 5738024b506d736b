/** Types of the MotCua HTTP API (JSON, camelCase), as used by the web front end. */
import type { OfficerRole, ValidationIssue, WorkflowGraph } from '../../../common/workflow';

export type RoleName = 'citizen' | 'business' | 'desk' | 'specialist' | 'leader' | 'admin';

export interface UserRole {
  role: RoleName;
  unitId: string | null;
  unitCode: string | null;
  unitName: string | null;
}

export interface User {
  id: string;
  username: string;
  fullName: string;
  kind: 'citizen' | 'business' | 'officer';
  roles: UserRole[];
  email?: string | null;
  phone?: string | null;
  idNumber?: string | null;
  /** When idNumber was verified (at the desk or by an identity provider); null while only declared. */
  idVerifiedAt?: string | null;
  birthDate?: string | null;
  address?: string | null;
  /** Roles delegated to this officer now, on behalf of an absent leader. */
  actingFor?: { role: string; unitId: string; unitName: string; endsAt: string; onBehalfOf: { id: string; fullName: string } }[];
  /** A confirmed TOTP second factor. */
  totpEnabled?: boolean;
  /** Must have one (admins): until then only enrollment works. */
  totpRequired?: boolean;
}

export interface Session {
  user: User;
  csrfToken: string;
}

/** Login answer when the password was right and the account has TOTP: send the code with the challenge. */
export interface LoginChallenge {
  totpRequired: true;
  challenge: string;
  expiresAt: string;
}

/** What the authenticator app needs (shown once, at enrollment). */
export interface TotpSetup {
  secret: string;
  otpauthUrl: string;
  qrDataUrl: string;
}

/** One of the signed-in user's sessions. */
export interface SessionInfo {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  userAgent: string | null;
  ip: string | null;
  current: boolean;
}

export type OnlineLevel = 'full' | 'partial' | 'info';

export interface ProcessingTime {
  amount: number | null;
  unit: 'day' | 'hour' | string;
  text: string;
}

export interface FieldRef {
  code: string;
  name: string;
}

export interface ProcedureSummary {
  code: string;
  name: string;
  field: FieldRef | null;
  level: string | null;
  processingTime: ProcessingTime | null;
  feeText: string | null;
  onlineLevel: OnlineLevel;
}

export interface ProcedureFee {
  name: string;
  amount: number | null;
  note?: string | null;
}

export interface ProcedureDocument {
  name: string;
  originals: number | null;
  copies: number | null;
  template?: string | null;
  /** The applicant may attach a file for this document in the online application. */
  upload?: boolean;
}

export interface UnitRef {
  id: string;
  code: string;
  name: string;
}

export interface Procedure extends ProcedureSummary {
  cutOff?: string | null;
  fees: ProcedureFee[];
  documents: ProcedureDocument[];
  steps: string | null;
  conditions: string | null;
  legalBasis: string[];
  result: string | null;
  applicants: string[];
  formSchema: Record<string, unknown> | null;
  uiSchema: Record<string, unknown> | null;
  units: UnitRef[];
  version: number | string;
  /** Version of the e-form (formSchema + uiSchema). */
  formVersion?: number;
}

export interface Unit {
  id: string;
  code: string;
  name: string;
  level: string | null;
  parentId: string | null;
  agencyCode: string | null;
}

export interface AdminUnit extends Unit {
  address?: string | null;
  phone?: string | null;
}

export type DossierStatus =
  | 'draft'
  | 'submitted'
  | 'in_progress'
  | 'awaiting_supplement'
  | 'awaiting_payment'
  | 'paused'
  | 'rejected'
  | 'refused'
  | 'result_ready'
  | 'returned'
  | 'withdrawn';

export type DeadlineState = 'within' | 'due_soon' | 'overdue' | 'early' | 'on_time' | 'late';

export interface StepRef {
  key: string;
  name: string;
  /** Due date of the current step (ISO), when the step has a time quota. */
  dueAt?: string | null;
}

export interface DeadlineInfo {
  state: DeadlineState;
  /** Working minutes left (negative when overdue; 1 working day = 480 minutes). */
  remainingMinutes?: number | null;
}

export interface DossierFile {
  id: string;
  name: string;
  contentType: string;
  size: number;
  createdAt: string;
  label?: string | null;
}

/** A document kept in an applicant's store of digitised documents (GET /my/documents). */
export interface StoredDocument {
  id: string;
  /** The document's name, e.g. "Giấy chứng sinh". */
  name: string;
  contentType: string;
  size: number;
  createdAt: string;
  /** Code of the dossier the document was first supplied with, if any. */
  sourceDossierCode: string | null;
}

export interface Applicant {
  id: string | null;
  fullName: string | null;
  idNumber: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
}

export interface Dossier {
  id: string;
  code: string | null;
  status: DossierStatus;
  version: number;
  procedureCode: string;
  procedureName: string;
  unitId: string;
  unitName: string;
  channel: string | null;
  submittedAt: string | null;
  receivedAt: string | null;
  dueAt: string | null;
  completedAt: string | null;
  returnedAt: string | null;
  step: StepRef | null;
  applicant: Applicant | null;
  formData: Record<string, unknown> | null;
  files: DossierFile[];
  deadline: DeadlineInfo | null;
  /** The due date before the last extension (lateness is judged against it), or null. */
  originalDueAt?: string | null;
  /** Fees collected at the desk (with receipt numbers). */
  fees?: DossierFee[];
  /** The desk unit that received the dossier (may differ from the competent unit). */
  receivingUnitId?: string | null;
  /** The person who submitted on the applicant's behalf, if any. */
  authorised?: AuthorisedPerson | null;
  returnPlace?: string | null;
  returnMethod?: ReturnMethod | null;
  recipientName?: string | null;
  /** The result document (giấy phép, quyết định…), signed with the unit's certificate on final approval. */
  result?: DossierResult | null;
}

/** The result document of a dossier (GET /dossiers/{id} → result). */
export interface DossierResult {
  fileId: string;
  name: string;
  signed: boolean;
  signedAt: string | null;
  signer: string | null;
}

/** Response of POST /dossiers/{id}/result. */
export interface DossierResultFile {
  id: string;
  name: string;
  size: number;
  createdAt: string;
}

/** A unit's digital signing certificate (PKCS#12 stored encrypted on the server). */
export interface UnitCertificate {
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  uploadedAt: string;
}

/** Response of POST /public/verify (electronic result verification). */
export interface VerifyResult {
  signed: boolean;
  valid: boolean;
  signer: { commonName: string | null; organization: string | null } | null;
  signedAt: string | null;
  coversWholeDocument: boolean;
  dossierCode: string | null;
  /** Vietnamese explanation from the server. */
  message: string;
}

// ---- desk reception ----

export type IdType = 'personal' | 'organisation';

/** A person or organisation known to the system (GET /desk/people). */
export interface Person {
  id: string;
  idType: IdType;
  idNumber: string;
  fullName: string;
  birthDate: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
}

export interface AuthorisedPerson {
  fullName: string;
  idNumber: string;
  address?: string | null;
  phone?: string | null;
  email?: string | null;
  /** The authorisation document, e.g. "Giấy ủy quyền số 12/2026 ngày 20/11/2026". */
  document: string;
}

export interface DossierFee {
  name: string;
  amount: number;
  receiptNumber: string;
  paidAt?: string | null;
}

export type DeskDecision = 'accept' | 'supplement' | 'reject';

export type ReturnMethod = 'desk' | 'post' | 'online';

/** Body of POST /desk/dossiers (direct reception at the one-stop desk). */
export interface DeskDossierInput {
  procedureCode: string;
  unitId: string;
  receivingUnitId?: string;
  applicant: {
    idType: IdType;
    idNumber: string;
    fullName: string;
    birthDate?: string;
    address?: string;
    phone?: string;
    email?: string;
  };
  authorised?: AuthorisedPerson | null;
  formData?: Record<string, unknown>;
  documents: { name: string; originals: number; copies: number; provided: boolean }[];
  sets: number;
  returnPlace: string;
  fees?: { name: string; amount: number; receiptNumber: string }[];
  decision: DeskDecision;
  comment?: string;
}

/** One printable one-stop form (Mẫu 01–06) of a dossier. */
export interface DossierForm {
  no: string;
  title: string;
  available: boolean;
}

export interface DossierSummary {
  id: string;
  code: string | null;
  status: DossierStatus;
  procedureCode: string;
  procedureName: string;
  unitName: string;
  applicantName: string | null;
  submittedAt: string | null;
  dueAt: string | null;
  step: StepRef | null;
  version: number;
  deadline?: { state: DeadlineState } | null;
}

export type ActionKind = 'advance' | 'back' | 'supplement' | 'reject' | 'refuse' | 'pause' | 'other';

export interface DossierActionInput {
  action: string;
  version: number;
  comment?: string;
  /** Only for the `extend` action: the new due date (ISO date-time). */
  newDueAt?: string;
  /** Only for the `return_result` action: how the result is handed over, and to whom. */
  returnMethod?: ReturnMethod;
  recipientName?: string;
}

export interface DossierAction {
  action: string;
  kind: ActionKind;
  label: string;
  requiresComment: boolean;
}

export interface DossierEvent {
  action: string;
  label: string;
  fromStatus: DossierStatus | null;
  toStatus: DossierStatus | null;
  fromStep: string | StepRef | null;
  toStep: string | StepRef | null;
  fromStepName?: string | null;
  toStepName?: string | null;
  actor: { id: string; fullName: string; role: string | null } | null;
  at: string;
  comment: string | null;
}

export interface PublicDossier {
  code: string;
  status: DossierStatus;
  procedureName: string;
  unitName: string;
  receivedAt: string | null;
  dueAt: string | null;
  completedAt: string | null;
}

export interface AdminUser {
  id: string;
  username: string;
  fullName: string;
  kind: string;
  roles: { role: RoleName; unitCode: string | null; unitName: string | null }[];
  /** Sign-in locked after failed attempts, until then. */
  lockedUntil: string | null;
  totpEnabled: boolean;
}

// ---- workflows (docs/workflows.md) ----

export type WorkflowStatus = 'draft' | 'published' | 'retired';

/** A row of GET /admin/workflows. */
export interface WorkflowSummary {
  id: string;
  procedureCode: string;
  procedureName: string;
  unitId: string;
  unitCode: string;
  unitName: string;
  version: number;
  status: WorkflowStatus;
  nodeCount: number;
  /** Dossiers still running on this version. */
  inFlight: number;
  createdAt: string;
  publishedAt: string | null;
}

/** GET /admin/workflows/{id}: `definition` is always a schema 2 graph. */
export interface WorkflowDetail extends Omit<WorkflowSummary, 'nodeCount' | 'inFlight'> {
  definition: WorkflowGraph;
  /** The procedure's legal processing time in working hours (0 = unknown). */
  legalHours: number;
  issues: ValidationIssue[];
}

export interface WorkflowContextUnit {
  id: string;
  code: string;
  name: string;
  levelCode: string | null;
  /** The officer roles staffed at the unit. */
  roles: OfficerRole[];
}

export interface WorkflowContextOfficer {
  id: string;
  fullName: string;
  roles: { unitId: string; role: OfficerRole }[];
}

export interface WorkflowFormField {
  /** Dot path into the form data. */
  path: string;
  title: string;
  type: string;
  enum?: (string | number | boolean)[];
}

/** GET /admin/workflows/{id}/context: what the designer needs to validate and offer choices. */
export interface WorkflowContext {
  legalHours: number;
  unitId: string;
  units: WorkflowContextUnit[];
  officers: WorkflowContextOfficer[];
  formFields: WorkflowFormField[];
  unitsWithWorkflow: string[];
}

/** One unit's outcome of POST /admin/workflows/{id}/copy. */
export interface WorkflowCopyResult {
  unitId: string;
  unitName: string;
  workflowId: string | null;
  status: WorkflowStatus | string;
  issues: ValidationIssue[];
}

/** The document of GET /admin/workflows/{id}/export (and the input of import). */
export interface WorkflowExport {
  format: 'motcua-workflow';
  formatVersion: number;
  procedureCode: string;
  procedureName?: string;
  unitCode?: string;
  version?: number;
  definition: unknown;
}

// ---- officers' inbox, tasks, delegations ----

/** `team`: leaders only, every open task at the units they lead. */
export type InboxScope = 'all' | 'mine' | 'pool' | 'team';

export interface PersonRef {
  id: string;
  fullName: string;
}

/** The piece of work an inbox row stands for. */
export interface InboxTask {
  id: string;
  /** Null for the desk's own tasks (reception, returning the result). */
  nodeKey: string | null;
  name: string;
  kind: string;
  unitId: string;
  unitName: string;
  role: OfficerRole | null;
  assignee: PersonRef | null;
  dueAt: string | null;
  deadline: { state: DeadlineState } | null;
}

export interface InboxItem extends DossierSummary {
  task?: InboxTask | null;
  /** A liên thông leg: the child dossier of another unit's dossier. */
  isLeg?: boolean;
}

export interface InboxCounts {
  all: number;
  mine: number;
  pool: number;
  dueSoon: number;
  overdue: number;
}

export interface InboxPage extends Page<InboxItem> {
  counts?: InboxCounts;
}

/** One dossier's outcome of POST /inbox/bulk. */
export interface BulkResult {
  dossierId: string;
  ok: boolean;
  status?: DossierStatus;
  code?: string;
  detail?: string;
}

/** An officer of a unit (GET /units/{id}/officers). */
export interface UnitOfficer {
  id: string;
  fullName: string;
  roles: (OfficerRole | string)[];
}

/** A leader's delegation of their role at a unit for a period (GET /delegations: given or received). */
export interface Delegation {
  id: string;
  role: string;
  unitId: string;
  unitName: string;
  from: PersonRef;
  to: PersonRef;
  startsAt: string;
  endsAt: string;
  note: string | null;
}

export interface DelegationInput {
  toUserId: string;
  unitId: string;
  startsAt: string;
  endsAt: string;
  note?: string;
}

// ---- process diagram of a dossier ----

export type VisitState = 'open' | 'done' | 'cancelled' | 'expired';

export interface ProcessVisit {
  taskId: string;
  /** Null for the desk's own tasks (reception, returning the result). */
  nodeKey: string | null;
  name: string;
  kind: string;
  role: string | null;
  unitName: string;
  /** Who holds or held the step (null for applicants, or while in the pool). */
  holder: PersonRef | null;
  enteredAt: string;
  leftAt: string | null;
  dueAt: string | null;
  quotaHours: number | null;
  usedMinutes: number;
  state: VisitState;
  onTime: boolean | null;
  comment: string | null;
}

/** A liên thông leg: the child dossier at another unit. */
export interface ProcessLeg {
  dossierId: string;
  unitName: string;
  status: DossierStatus;
  dueAt: string | null;
  completedAt: string | null;
}

/** GET /dossiers/{id}/process. */
export interface DossierProcess {
  definition: WorkflowGraph;
  current: string[];
  visits: ProcessVisit[];
  legs: ProcessLeg[];
  /** For a liên thông leg: the dossier it belongs to. */
  origin?: { dossierId: string; unitName: string } | null;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface Items<T> {
  items: T[];
}

export interface RegisterInput {
  username: string;
  password: string;
  fullName: string;
  email?: string;
  phone?: string;
  idNumber?: string;
  birthDate?: string;
  address?: string;
}

// ---- working calendar ----

export type CalendarDayKind = 'working' | 'weekend' | 'holiday' | 'swapped_working';

export interface WorkSession {
  start: string;
  end: string;
}

export interface CalendarDay {
  date: string;
  kind: CalendarDayKind;
  name: string | null;
  source: 'national' | 'unit' | null;
  sessions: WorkSession[];
}

export interface CalendarYear {
  year: number;
  unitId: string | null;
  days: CalendarDay[];
}

export interface DeadlineQuery {
  start: string;
  amount: number;
  unit: 'day' | 'hour';
  unitId?: string;
  cutOff?: string;
}

export interface DeadlineResult {
  start: string;
  effectiveStart: string;
  dueAt: string;
}

export interface CalendarDayInput {
  kind: 'holiday' | 'swapped_working';
  name: string;
}

export interface HolidayFileDay {
  date: string;
  kind: string;
  name: string | null;
  mark?: string;
}

export interface CalendarImportResult {
  imported: number;
  dryRun: boolean;
  errors: ProblemFieldErrorRef[];
}

export interface ProblemFieldErrorRef {
  path: string;
  message: string;
}

export interface UnitClosure {
  date: string;
  name: string;
}

export interface UnitCalendar {
  unitId: string;
  /** Seven lists of sessions, index 0 = Sunday … 6 = Saturday. */
  weekly: WorkSession[][];
  closures: UnitClosure[];
}

// ---- procedure administration ----

export type ProcedureLevel = 'province' | 'department' | 'division' | 'commune';

export interface ProcedureInput {
  code: string;
  name: string;
  field: FieldRef;
  level: ProcedureLevel;
  processingTime: { amount: number; unit: 'day' | 'hour'; text: string };
  cutOff: string;
  fees: { name: string; amount: number; note?: string }[];
  feeText: string;
  documents: { name: string; originals: number; copies: number; template?: string; upload?: boolean }[];
  steps: string;
  conditions: string;
  legalBasis: string[];
  result: string;
  applicants: string[];
  onlineLevel: OnlineLevel;
  keywords: string;
  formSchema: Record<string, unknown>;
  uiSchema: Record<string, unknown>;
}

export interface AdminProcedure extends ProcedureInput {
  version: number;
  formVersion: number;
  published: boolean;
  units: UnitRef[];
  updatedAt: string;
}

export interface AdminProcedureSummary {
  code: string;
  name: string;
  field: FieldRef | null;
  level: string | null;
  version: number;
  formVersion: number;
  published: boolean;
  unitCount: number;
  updatedAt: string;
}

export interface ProcedureVersion {
  version: number;
  formVersion: number;
  createdAt: string;
  /** Who saved it (a name, or a user reference). */
  createdBy: string | { id?: string; fullName?: string; username?: string } | null;
}

export interface ProcedureImportResult {
  dryRun: boolean;
  total: number;
  created: number;
  updated: number;
  errors: ProblemFieldErrorRef[];
}

// ---- identity (declared / verified ID number) ----

export interface DeskCode {
  code: string;
  expiresAt: string;
}

/** The account behind a code the citizen shows at the desk. */
export interface CodeAccount {
  userId: string;
  username: string;
  fullName: string;
  birthDate: string | null;
  declaredIdNumber: string | null;
  verified: boolean;
}

export interface IdentityVerified {
  userId: string;
  username: string;
  fullName: string;
  verifiedAt: string;
  method: 'desk';
  linkedDossiers: number;
}

export interface StoreConsent {
  recordedAt: string;
  recordedBy: { id: string | null; fullName: string | null };
}

// ---- audit log ----

export interface AuditEntry {
  seq: number;
  at: string;
  actor: { id: string; name: string | null; username: string | null } | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  subject: { userId: string | null; personId: string | null; name: string | null } | null;
  ip: string | null;
  requestId: string | null;
  data: Record<string, unknown>;
}

export interface AuditQuery {
  actor?: string;
  action?: string;
  subject?: string;
  idNumber?: string;
  dossierCode?: string;
  from?: string;
  to?: string;
  limit?: number;
  offset?: number;
}

export interface AuditVerdict {
  ok: boolean;
  entries: number;
  headHash: string;
  brokenAt: { seq: number; reason: string } | null;
}
