import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export type Role =
	| "admin"
	| "gov_head"
	| "gov_liaison"
	| "gov_deputy_secretary"
	| "gov_office"
	| "union_chair"
	| "union_vice_chair"
	| "union_staff"
	| "department_liaison"
	| "viewer";

export type TenantKind = "city" | "county" | "zone" | "industry";

export interface TenantsTable {
	id: Generated<string>;
	parent_id: string | null;
	kind: TenantKind;
	slug: string;
	name: string;
	gov_name: string;
	union_name: string;
	division_code: string | null;
	/** Set by a trigger from the parent's path. */
	path: ColumnType<string, never, never>;
	created_at: CreatedAt;
	updated_at: Timestamp;
}

export interface UsersTable {
	id: Generated<string>;
	email: string;
	display_name: string;
	phone: string | null;
	password_hash: string;
	preferred_lang: ColumnType<"zh-CN" | "en", "zh-CN" | "en" | undefined, "zh-CN" | "en">;
	disabled_at: Date | null;
	created_at: CreatedAt;
	updated_at: Timestamp;
}

export interface SessionsTable {
	id: string;
	secret_hash: Uint8Array;
	user_id: string;
	created_at: CreatedAt;
	last_active_at: Timestamp;
	expires_at: Date;
	ip: string | null;
	user_agent: string | null;
}

export type SecurityEventKind = "login_succeeded" | "login_failed" | "login_throttled" | "logout";

export interface SecurityEventsTable {
	id: Generated<string>;
	kind: SecurityEventKind;
	email: string | null;
	user_id: string | null;
	ip: string | null;
	user_agent: string | null;
	request_id: string | null;
	at: CreatedAt;
}

export interface MembershipsTable {
	tenant_id: string;
	user_id: string;
	roles: Role[];
	title: string | null;
	disabled_at: Date | null;
	created_at: CreatedAt;
	updated_at: Timestamp;
}

export interface AuditEventsTable {
	tenant_id: string;
	id: Generated<string>;
	actor_user_id: string | null;
	action: string;
	entity_type: string;
	entity_id: string;
	before: unknown;
	after: unknown;
	ip: string | null;
	user_agent: string | null;
	request_id: string | null;
	at: CreatedAt;
}

export interface OutboxTable {
	tenant_id: string;
	id: Generated<string>;
	topic: string;
	payload: unknown;
	created_at: CreatedAt;
	available_at: Timestamp;
	processed_at: Date | null;
	attempts: Generated<number>;
	last_error: string | null;
}

export type DepartmentSide = "gov" | "union";
export type DepartmentCategory = "comprehensive" | "functional";

export interface DepartmentsTable {
	tenant_id: string;
	id: Generated<string>;
	name: string;
	side: DepartmentSide;
	category: DepartmentCategory;
	sort_order: Generated<number>;
	archived_at: Date | null;
	created_at: CreatedAt;
	updated_at: Timestamp;
}

export interface DepartmentLiaisonsTable {
	tenant_id: string;
	department_id: string;
	user_id: string;
	created_at: CreatedAt;
}

export interface FilesTable {
	tenant_id: string;
	id: Generated<string>;
	sha256: string;
	size_bytes: ColumnType<number, number, never>;
	content_type: string;
	original_name: string;
	uploaded_by: string | null;
	created_at: CreatedAt;
}

export type SystemCadence = "yearly" | "half_yearly" | "quarterly";
export type SystemLeaderRole = "gov_liaison" | "gov_deputy_secretary" | "union_chair" | "union_vice_chair";

/** Dates (issued_on, effective_on) travel as 'YYYY-MM-DD' strings: a document date has no time zone. */
type DateOnly = ColumnType<string, string, string>;

export interface SystemsTable {
	tenant_id: string;
	id: Generated<string>;
	version: number;
	title: string;
	issuing_bodies: string;
	doc_number: string;
	issued_on: DateOnly;
	effective_on: DateOnly;
	supersedes_doc_number: string | null;
	cadence: ColumnType<SystemCadence, SystemCadence | undefined, never>;
	file_id: string | null;
	recorded_by: string | null;
	recorded_at: CreatedAt;
	superseded_at: Date | null;
}

export interface SystemLeadersTable {
	tenant_id: string;
	system_id: string;
	user_id: string;
	role: SystemLeaderRole;
}

export interface PasswordTokensTable {
	id: string;
	secret_hash: Uint8Array;
	user_id: string;
	issued_by: string | null;
	issued_in: string | null;
	expires_at: Date;
	used_at: Date | null;
	created_at: CreatedAt;
}

export interface Database {
	tenants: TenantsTable;
	users: UsersTable;
	sessions: SessionsTable;
	security_events: SecurityEventsTable;
	memberships: MembershipsTable;
	audit_events: AuditEventsTable;
	outbox: OutboxTable;
	departments: DepartmentsTable;
	department_liaisons: DepartmentLiaisonsTable;
	files: FilesTable;
	systems: SystemsTable;
	system_leaders: SystemLeadersTable;
	password_tokens: PasswordTokensTable;
}

export type Tenant = Selectable<TenantsTable>;
export type NewTenant = Insertable<TenantsTable>;
export type TenantUpdate = Updateable<TenantsTable>;
export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type Session = Selectable<SessionsTable>;
export type Membership = Selectable<MembershipsTable>;
export type AuditEvent = Selectable<AuditEventsTable>;
export type Department = Selectable<DepartmentsTable>;
export type StoredFile = Selectable<FilesTable>;
export type SystemRecord = Selectable<SystemsTable>;
