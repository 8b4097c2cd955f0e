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

export interface Database {
	tenants: TenantsTable;
	users: UsersTable;
	sessions: SessionsTable;
	security_events: SecurityEventsTable;
	memberships: MembershipsTable;
	audit_events: AuditEventsTable;
	outbox: OutboxTable;
}

export type Tenant = Selectable<TenantsTable>;
export type NewTenant = Insertable<TenantsTable>;
export type TenantUpdate = Updateable<TenantsTable>;
export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type Session = Selectable<SessionsTable>;
export type Membership = Selectable<MembershipsTable>;
export type AuditEvent = Selectable<AuditEventsTable>;
