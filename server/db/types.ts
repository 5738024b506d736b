import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { WorkflowGraph, OfficerRole, WorkflowStatus } from '../../common/workflow';
import type { Channel, DossierStatus, ReturnMethod, SupplementStage, TaskKind } from '../../common/dossier';
import type { IdType, IdVerificationMethod, Role, UserKind } from '../../common/accounts';
import type { TimeUnit } from '../../common/calendar';
import type { OnlineLevel } from '../../common/catalog';

export type { DossierStatus, IdVerificationMethod, Role };

// Kysely's view of the schema in db/migrations. Keep in step with the migrations.

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DateOnly = ColumnType<string, string, string>;
type Json<T extends object | null> = JSONColumnType<T, string, string>;

export interface TenantsTable { id: Generated<string>; code: string; name: string; created_at: Generated<Date> }
export interface UnitLevelsTable { code: string; name: string; name_en: string; rank: number }
export interface UnitsTable {
  id: Generated<string>; tenant_id: string; parent_id: string | null; code: string; agency_code: string;
  name: string; level_code: string; address: string | null; phone: string | null;
  effective_from: DateOnly | null; effective_to: DateOnly | null;
}
export interface UsersTable {
  id: Generated<string>; tenant_id: string; username: string; password_hash: string; full_name: string;
  kind: UserKind; email: string | null; phone: string | null; id_number: string | null;
  tax_code: string | null; birth_date: DateOnly | null; address: string | null; active: Generated<boolean>;
  created_at: Generated<Date>;
  /** The declared id_number was verified (migration 0011): when, by whom, at which desk, how. */
  id_verified_at: Timestamp | null; id_verified_by: string | null; id_verified_unit_id: string | null;
  id_verification_method: IdVerificationMethod | null;
}
export interface IdentityCodesTable { user_id: string; tenant_id: string; code_hash: string; expires_at: Timestamp; created_at: Generated<Date> }
export interface UserRolesTable { id: Generated<string>; tenant_id: string; user_id: string; role: Role; unit_id: string | null }
export interface SessionsTable {
  id: string; user_id: string; csrf_token: string; created_at: Generated<Date>; expires_at: Timestamp;
  handle: Generated<string>; last_seen_at: ColumnType<Date, Date | string | undefined, Date | string>; user_agent: string | null; ip: string | null;
}
export interface LoginThrottleTable { key: string; failures: number; window_started_at: Timestamp; locked_until: Timestamp | null; updated_at: Timestamp }
export interface UserTotpTable {
  user_id: string; secret: Buffer; enabled_at: Timestamp | null; last_step: ColumnType<number | null, number | null, number | null>; created_at: Generated<Date>;
}
export interface LoginChallengesTable { id: string; user_id: string; expires_at: Timestamp }
export interface FieldsTable { id: Generated<string>; tenant_id: string; code: string; name: string }

export interface Fee { name: string; amount: number; note?: string }
export interface RequiredDocument { name: string; originals: number; copies: number; template?: string; upload?: boolean }
export interface ProceduresTable {
  id: Generated<string>; tenant_id: string; code: string; name: string; field_id: string; level_code: string;
  processing_amount: ColumnType<string, number | string, number | string>; processing_unit: TimeUnit;
  processing_text: string; cut_off: string; fees: Json<Fee[]>; fee_text: string; documents: Json<RequiredDocument[]>;
  steps: string; conditions: string; legal_basis: Json<string[]>; result: string; applicants: Json<string[]>;
  online_level: OnlineLevel; form_schema: Json<Record<string, unknown>>;
  ui_schema: Json<Record<string, unknown>>; version: Generated<number>; published: Generated<boolean>;
  search_text: ColumnType<string, never, never>;
  search_vector: ColumnType<string, never, never>;
  keywords: Generated<string>; form_version: Generated<number>;
  default_workflow: ColumnType<WorkflowDefinition, string | undefined, string>;
  updated_at: Generated<Date>;
}
export interface ProcedureVersionsTable {
  procedure_id: string; tenant_id: string; version: number; form_version: number;
  snapshot: Json<Record<string, unknown>>; created_by: string | null; created_at: Generated<Date>;
}
export interface ProcedureUnitsTable { tenant_id: string; procedure_id: string; unit_id: string }

export type WorkflowDefinition = WorkflowGraph;
export interface WorkflowsTable {
  id: Generated<string>; tenant_id: string; procedure_id: string; unit_id: string; version: number;
  status: WorkflowStatus; definition: Json<WorkflowGraph>;
  created_at: Generated<Date>; published_at: Timestamp | null;
  created_by: string | null; published_by: string | null; updated_at: Generated<Date>; note: string | null;
}
export interface DossierTasksTable {
  id: Generated<string>; tenant_id: string; dossier_id: string; node_key: string | null;
  kind: TaskKind; unit_id: string; role: OfficerRole | null;
  assignee_id: string | null; status: Generated<'open' | 'done' | 'answered' | 'cancelled' | 'expired'>;
  quota_hours: ColumnType<string | null, number | null, number | null>; opened_at: Timestamp; due_at: Timestamp | null;
  closed_at: Timestamp | null; closed_by: string | null; comment: string | null; child_dossier_id: string | null;
  reminded_at: Timestamp | null;
}
export interface DelegationsTable {
  id: Generated<string>; tenant_id: string; from_user_id: string; to_user_id: string; unit_id: string;
  role: OfficerRole; starts_at: Timestamp; ends_at: Timestamp; note: string | null;
  created_at: Generated<Date>; revoked_at: Timestamp | null;
}
export interface CalendarDaysTable { day: DateOnly; kind: 'holiday' | 'swapped_working'; name: string; mark: string | null }
export interface DossierCodeSequencesTable { unit_id: string; day: DateOnly; last_value: number }

export interface ApplicantSnapshot {
  fullName: string; idNumber: string | null; taxCode: string | null; phone: string | null; email: string | null;
  address: string | null; birthDate: string | null;
}
export interface DossiersTable {
  id: Generated<string>; tenant_id: string; code: string | null; procedure_id: string; procedure_version: number;
  workflow_id: string; unit_id: string; receiving_unit_id: string; applicant_id: string | null;
  applicant: Json<ApplicantSnapshot>; form_data: Json<Record<string, unknown>>;
  channel: Channel; status: DossierStatus; step_key: string | null;
  supplement_stage: SupplementStage | null; submitted_at: Timestamp | null; complete_at: Timestamp | null;
  received_at: Timestamp | null; effective_start: Timestamp | null; due_at: Timestamp | null;
  paused_at: Timestamp | null; completed_at: Timestamp | null; returned_at: Timestamp | null;
  version: Generated<number>; created_at: Generated<Date>; updated_at: Generated<Date>;
  step_due_at: Timestamp | null; original_due_at: Timestamp | null; extension_count: Generated<number>;
  form_version: Generated<number>;
  person_id: string | null; authorised: ColumnType<Authorised | null, string | null, string | null>;
  checklist: ColumnType<ChecklistItem[], string | undefined, string>; sets: Generated<number>;
  return_place: string | null; return_method: ReturnMethod | null; recipient_name: string | null;
  origin_dossier_id: string | null; origin_task_id: string | null;
}
export interface Authorised { fullName: string; idNumber: string; address: string | null; phone: string | null; email: string | null; document: string }
export interface ChecklistItem { name: string; originals: number; copies: number; provided: boolean }
export interface DossierEventsTable {
  id: Generated<string>; tenant_id: string; dossier_id: string; action: string; from_status: string | null;
  to_status: string; from_step: string | null; to_step: string | null; actor_id: string | null;
  actor_role: string | null; at: Generated<Date>; comment: string | null;
  data: Json<Record<string, unknown>>; idempotency_key: string | null;
}
export interface DossierFilesTable {
  id: Generated<string>; tenant_id: string; dossier_id: string; name: string; label: string | null;
  content_type: string; size: ColumnType<string, number, number>; sha256: string; storage_key: string;
  uploaded_by: string | null; created_at: Generated<Date>;
  kind: ColumnType<'attachment' | 'result' | 'signed_result', 'attachment' | 'result' | 'signed_result' | undefined, never>;
  signed_at: Timestamp | null; signer: string | null;
}
export interface UnitCertificatesTable {
  unit_id: string; tenant_id: string; p12_sealed: Buffer; passphrase_sealed: Buffer; subject: string; issuer: string;
  serial_number: string; not_before: Timestamp; not_after: Timestamp; uploaded_by: string | null; uploaded_at: Generated<Date>;
}
export interface OutboxTable {
  id: Generated<string>; tenant_id: string | null; topic: string; payload: Json<Record<string, unknown>>;
  created_at: Generated<Date>; available_at: Generated<Date>; attempts: Generated<number>;
  processed_at: Timestamp | null; last_error: string | null;
}

export interface ClockRange { start: string; end: string }
export interface UnitSchedulesTable { unit_id: string; tenant_id: string; weekly: Json<ClockRange[][]>; updated_at: Generated<Date> }
export interface UnitClosuresTable { unit_id: string; tenant_id: string; day: DateOnly; name: string }
export interface CalendarStateTable { id: number; revision: ColumnType<number, number, number | never> }

export interface PeopleTable {
  id: Generated<string>; tenant_id: string; id_type: IdType; id_number: string; full_name: string;
  birth_date: DateOnly | null; address: string | null; phone: string | null; email: string | null; user_id: string | null;
  created_at: Generated<Date>; updated_at: Generated<Date>;
}
export interface DossierFeesTable {
  id: Generated<string>; tenant_id: string; dossier_id: string; name: string; amount: ColumnType<number, number, number>;
  receipt_number: string; paid_at: Generated<Date>; collected_by: string | null;
}
export interface UnitFormSettingsTable {
  unit_id: string; tenant_id: string; parent_name: string; desk_name: string; place: string;
  number_suffix: string | null; contact_name: string | null; contact_phone: string | null;
}

export interface StoredDocumentsTable {
  id: Generated<string>; tenant_id: string; user_id: string | null; person_id: string | null; name: string; content_type: string;
  size: ColumnType<number, number, number>; sha256: string; storage_key: string; source_dossier_id: string | null; created_at: Generated<Date>;
}

export interface AuditChainHeadsTable { chain_id: string; seq: ColumnType<number, number, number>; hash: string }
export interface AuditLogTable {
  id: Generated<string>; chain_id: string; seq: ColumnType<number, number, never>; tenant_id: string | null; at: Timestamp;
  actor_id: string | null; actor_name: string | null; action: string; target_type: string | null; target_id: string | null;
  subject_user_id: string | null; subject_person_id: string | null; ip: string | null; request_id: string | null;
  data: Json<Record<string, unknown>>; prev_hash: string; hash: string;
}

export interface Database {
  audit_chain_heads: AuditChainHeadsTable;
  audit_log: AuditLogTable;
  identity_codes: IdentityCodesTable;
  dossier_tasks: DossierTasksTable;
  delegations: DelegationsTable;
  stored_documents: StoredDocumentsTable;
  unit_certificates: UnitCertificatesTable;
  people: PeopleTable;
  dossier_fees: DossierFeesTable;
  unit_form_settings: UnitFormSettingsTable;
  procedure_versions: ProcedureVersionsTable;
  unit_schedules: UnitSchedulesTable;
  unit_closures: UnitClosuresTable;
  calendar_state: CalendarStateTable;
  tenants: TenantsTable;
  unit_levels: UnitLevelsTable;
  units: UnitsTable;
  users: UsersTable;
  user_roles: UserRolesTable;
  sessions: SessionsTable;
  login_throttle: LoginThrottleTable;
  user_totp: UserTotpTable;
  login_challenges: LoginChallengesTable;
  fields: FieldsTable;
  procedures: ProceduresTable;
  procedure_units: ProcedureUnitsTable;
  workflows: WorkflowsTable;
  calendar_days: CalendarDaysTable;
  dossier_code_sequences: DossierCodeSequencesTable;
  dossiers: DossiersTable;
  dossier_events: DossierEventsTable;
  dossier_files: DossierFilesTable;
  outbox: OutboxTable;
}
