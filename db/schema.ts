import type { ColumnType, Generated } from "kysely";
import type { ReportRequestsDatabase } from "./schema-report-requests.ts";

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

export const emailCategories = ["meetings", "minutes", "matters", "reminders", "digest", "account"] as const;
export type EmailCategory = (typeof emailCategories)[number];

export type TenantKind = "city" | "county" | "zone" | "industry";

interface TenantsTable {
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

interface UsersTable {
	id: Generated<string>;
	email: string;
	display_name: string;
	phone: string | null;
	password_hash: string;
	preferred_lang: ColumnType<"zh-CN" | "en", "zh-CN" | "en" | undefined, "zh-CN" | "en">;
	disabled_at: Date | null;
	/** The unit that created the account (ADR 0008); never changes. */
	created_in: ColumnType<string | null, string | null | undefined, never>;
	first_signed_in_at: ColumnType<Date | null, Date | null | undefined, Date>;
	/** Email categories this person turned off (ADR 0011). */
	email_off: ColumnType<EmailCategory[], EmailCategory[] | undefined, EmailCategory[]>;
	created_at: CreatedAt;
	updated_at: Timestamp;
}

interface SessionsTable {
	id: string;
	secret_hash: Uint8Array;
	user_id: string;
	created_at: CreatedAt;
	last_active_at: Timestamp;
	expires_at: Date;
	ip: string | null;
	user_agent: string | null;
}

export type SecurityEventKind =
	| "login_succeeded"
	| "login_failed"
	| "login_throttled"
	| "logout"
	| "password_changed"
	| "email_settings_changed"
	| "password_reset_requested"
	| "password_reset";

interface SecurityEventsTable {
	id: Generated<string>;
	kind: SecurityEventKind;
	email: string | null;
	user_id: string | null;
	ip: string | null;
	user_agent: string | null;
	request_id: string | null;
	at: CreatedAt;
}

/** When a membership was active; kept by a trigger on memberships, never written by the app. */
interface MembershipPeriodsTable {
	tenant_id: string;
	user_id: string;
	started_at: Date;
	ended_at: Date | null;
}

/** The first time a session entered a unit (the tenant guard); kept after sign-out. */
interface SessionUnitsTable {
	tenant_id: string;
	session_id: string;
	user_id: string;
	/** The database's time: the app cannot set it. */
	entered_at: ColumnType<Date, never, never>;
	ip: string | null;
	user_agent: string | null;
}

interface MembershipsTable {
	tenant_id: string;
	user_id: string;
	roles: Role[];
	title: string | null;
	disabled_at: Date | null;
	created_at: CreatedAt;
	updated_at: Timestamp;
}

interface AuditEventsTable {
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

interface OutboxTable {
	tenant_id: string;
	id: Generated<string>;
	topic: string;
	payload: unknown;
	created_at: CreatedAt;
	available_at: Timestamp;
	processed_at: Date | null;
	attempts: Generated<number>;
	last_error: string | null;
	/** Handed to BullMQ (worker mode); the row stays pending until its handler is done. */
	relayed_at: Date | null;
	/** Gave up after its retries: kept, visible, never blocks the rows behind it. */
	failed_at: Date | null;
}

export type DepartmentSide = "gov" | "union";
export type DepartmentCategory = "comprehensive" | "functional";

interface DepartmentsTable {
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

interface DepartmentLiaisonsTable {
	tenant_id: string;
	department_id: string;
	user_id: string;
	created_at: CreatedAt;
}

interface FilesTable {
	tenant_id: string;
	id: Generated<string>;
	sha256: string;
	size_bytes: ColumnType<number, number, never>;
	content_type: string;
	original_name: string;
	uploaded_by: string | null;
	created_at: CreatedAt;
}

type SystemCadence = "yearly" | "half_yearly" | "quarterly";
export type SystemLeaderRole = "gov_liaison" | "gov_deputy_secretary" | "union_chair" | "union_vice_chair";

/** Dates (issued_on, effective_on) travel as 'YYYY-MM-DD' strings: a document date has no time zone. */
type DateOnly = ColumnType<string, string, string>;

interface SystemsTable {
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

interface SystemLeadersTable {
	tenant_id: string;
	system_id: string;
	user_id: string;
	role: SystemLeaderRole;
}

/** Every forgotten-password request, for the limits per address and per source; read by one function. */
interface PasswordResetRequestsTable {
	id: Generated<string>;
	email: string;
	ip: string | null;
	throttled: boolean;
	at: CreatedAt;
}

interface PasswordTokensTable {
	id: string;
	secret_hash: Uint8Array;
	user_id: string;
	issued_by: string | null;
	issued_in: string | null;
	expires_at: Date;
	used_at: Date | null;
	revoked_at: ColumnType<Date | null, never, Date>;
	purpose: Generated<"set" | "reset">;
	delivery_id: string | null;
	created_at: CreatedAt;
}

/** Topics per meeting year and category (C1–C7), kept by a trigger, published upward (ADR 0010). */
interface TopicCountsTable {
	tenant_id: string;
	year: number;
	category: number;
	topics: number;
}

type InvitationStatus = "pending" | "accepted" | "declined" | "revoked";

/** An invitation to join a unit (ADR 0008): the only way a membership comes to be. */
interface InvitationsTable {
	tenant_id: string;
	id: Generated<string>;
	tenant_name: string;
	tenant_kind: TenantKind;
	email: string;
	display_name: string;
	phone: string | null;
	roles: Role[];
	/** Minted by the mailing process only (never by the app role): null until the link is mailed. */
	token_id: ColumnType<string | null, never, string | null>;
	secret_hash: ColumnType<Uint8Array | null, never, Uint8Array | null>;
	sent_at: Date | null;
	send_count: Generated<number>;
	delivery_id: string | null;
	invited_by: string | null;
	status: ColumnType<InvitationStatus, InvitationStatus | undefined, InvitationStatus>;
	answered_by: string | null;
	answered_at: Date | null;
	expires_at: Date;
	created_at: CreatedAt;
}

export type MeetingStatus =
	| "draft"
	| "requested"
	| "accepted"
	| "preparing"
	| "scheduled"
	| "held"
	| "minutes_review"
	| "minutes_issued"
	| "declined"
	| "cancelled";
export type MeetingKind = "regular" | "extraordinary";
export type Side = "gov" | "union";

export interface MeetingsTable {
	tenant_id: string;
	id: Generated<string>;
	year: number;
	seq: number;
	kind: MeetingKind;
	status: ColumnType<MeetingStatus, MeetingStatus | undefined, MeetingStatus>;
	title: string;
	reason: string;
	window_from: DateOnly;
	window_to: DateOnly;
	proposed_place: string | null;
	scheduled_start: Date | null;
	scheduled_end: Date | null;
	place: string | null;
	held_on: DateOnly | null;
	/** Why it was held on another day than the scheduled one (migration 2026-12-04T1200). */
	held_note: string | null;
	decline_reason: string | null;
	cancel_reason: string | null;
	accept_comment: string | null;
	created_by: string | null;
	requested_at: Date | null;
	accepted_at: Date | null;
	created_at: CreatedAt;
	updated_at: Timestamp;
}

interface MeetingConsentsTable {
	tenant_id: string;
	meeting_id: string;
	side: Side;
	decision: "consent" | "decline";
	user_id: string;
	reason: string | null;
	at: CreatedAt;
}

export type TopicStatus = "proposed" | "agreed" | "returned" | "withdrawn";

export interface TopicsTable {
	tenant_id: string;
	id: Generated<string>;
	meeting_id: string;
	category: number;
	title: string;
	background: Generated<string>;
	research: Generated<string>;
	suggestions: Generated<string>;
	status: ColumnType<TopicStatus, TopicStatus | undefined, TopicStatus>;
	return_comment: string | null;
	proposed_by: string | null;
	/** The side that proposed it: only that side withdraws it alone. */
	proposed_side: Side | null;
	withdraw_reason: string | null;
	auto_generated: Generated<boolean>;
	sort_order: Generated<number>;
	created_at: CreatedAt;
	updated_at: Timestamp;
}

interface TopicAgreementsTable {
	tenant_id: string;
	topic_id: string;
	side: Side;
	user_id: string;
	/** The leader's 意见 given with the agreement. */
	comment: string | null;
	at: CreatedAt;
}

/** Acts that need one leader of each side: cancelling an accepted meeting, withdrawing an agreed topic. */
export interface DualConsentsTable {
	tenant_id: string;
	subject_type: "meeting_cancel" | "topic_withdraw";
	subject_id: string;
	side: Side;
	user_id: string;
	reason: string | null;
	at: CreatedAt;
}

interface TopicFilesTable {
	tenant_id: string;
	topic_id: string;
	file_id: string;
}

interface OpinionRequestsTable {
	tenant_id: string;
	id: Generated<string>;
	topic_id: string;
	department_id: string;
	due_on: DateOnly;
	note: Generated<string>;
	requested_by: string | null;
	requested_at: CreatedAt;
	answer: string | null;
	answered_by: string | null;
	answered_at: Date | null;
}

interface OpinionFilesTable {
	tenant_id: string;
	opinion_request_id: string;
	file_id: string;
}

export type Capacity = "attend" | "sit_in" | "invited";
export type GuestType = "grassroots_cadre" | "worker_representative" | "model_worker" | "grassroots_union_cadre";

interface AttendeesTable {
	tenant_id: string;
	id: Generated<string>;
	meeting_id: string;
	capacity: Capacity;
	user_id: string | null;
	department_id: string | null;
	guest_name: string | null;
	guest_org: string | null;
	guest_type: GuestType | null;
	presence: "present" | "absent" | null;
	absence_reason: string | null;
	substitute: string | null;
	/** O3: leave (请假) recorded by a leader, with who recorded it and when; all three or none. */
	leave_reason: string | null;
	leave_by: string | null;
	leave_at: Date | null;
	sort_order: Generated<number>;
	created_at: CreatedAt;
}

interface AgendaItemsTable {
	tenant_id: string;
	id: Generated<string>;
	meeting_id: string;
	position: number;
	standard_item: number | null;
	title: string;
	snapshot: unknown;
}

interface NotificationsTable {
	tenant_id: string;
	id: Generated<string>;
	user_id: string;
	kind: string;
	entity_type: string;
	entity_id: string;
	link: string;
	params: ColumnType<unknown, string | undefined, never>;
	read_at: Date | null;
	/** When the act it asked for was done, by anyone entitled (migration 2026-12-05T0900). */
	resolved_at: Date | null;
	/** When its email went out (or was settled without one: email_status). */
	emailed_at: Date | null;
	email_status: "sent" | "muted" | "no_recipient" | null;
	created_at: CreatedAt;
}

/** One unit's statistics for one year, kept by triggers (migration 2026-11-28T1000, ADR 0010). */
interface UnitYearFiguresTable {
	tenant_id: string;
	year: number;
	regular_on: DateOnly | null;
	extraordinary: number;
	minutes_issued: number;
	minutes_days: number;
	minutes_issued_late: number;
	unissued_held: DateOnly[];
	publicity: number;
	matters: number;
	matters_closed: number;
	matters_done: number;
	closed_on_time: number;
	close_days: number;
	open_deadlines: DateOnly[];
	/** Topics not withdrawn per category C1–C7 (index 0 = C1). */
	topics: number[];
	/** Matters whose extension was granted after their deadline had passed (逾期后延期). */
	extended_after_overdue: Generated<number>;
	/** Days of held meetings without a publicity record yet, sorted (会议结果未宣传, O7). */
	unpublicised_held: Generated<DateOnly[]>;
	/** Reply days of unanswered 督办 of published matters, sorted (逾期未答复, migration 2026-12-06T1110). */
	open_reply_by: Generated<DateOnly[]>;
}

/**
 * A unit's whole subtree (itself and every unit below it), kept by triggers at commit (migration
 * 2026-12-06T1100, ADR 0010): read through app_rollup_rows / app_rollup_trend.
 */
interface UnitSubtreeUnitsTable {
	tenant_id: string;
	units: Generated<number>;
	with_system: Generated<number>;
	has_system: Generated<boolean>;
	first_system_year: number | null;
}

/** The subtree's sums per year; day tallies are a composite `day_tally` (read in SQL only). */
interface UnitSubtreeYearFiguresTable {
	tenant_id: string;
	year: number;
	regular_held: Generated<number>;
	first_systems: Generated<number>;
	matters: Generated<number>;
}

interface ReminderKeysTable {
	tenant_id: string;
	key: string;
	day: DateOnly;
	recipients: Generated<number>;
	created_at: CreatedAt;
}

/** A form's one-time key, claimed with the row it creates; `answer` is what the first POST answered. */
interface OneTimeKeysTable {
	tenant_id: string;
	user_id: string;
	key: string;
	answer: unknown | null;
	created_at: CreatedAt;
}

export type MinutesStatus = "draft" | "union_review" | "gov_review" | "approved" | "issued";

export interface MinutesTable {
	tenant_id: string;
	id: Generated<string>;
	meeting_id: string;
	status: ColumnType<MinutesStatus, MinutesStatus | undefined, MinutesStatus>;
	current_version: Generated<number>;
	number_year: number | null;
	number_seq: number | null;
	issued_on: DateOnly | null;
	issued_by: string | null;
	created_at: CreatedAt;
	updated_at: Timestamp;
}

/** A decided matter as drafted in a minutes version (JSON). */
export interface DraftMatter {
	content: string;
	leadDepartmentId: string;
	coDepartmentIds: string[];
	deadline: string;
}

interface MinutesVersionsTable {
	tenant_id: string;
	minutes_id: string;
	version: number;
	presided_by: string;
	body: string;
	matters: ColumnType<DraftMatter[], string, never>;
	saved_by: string | null;
	saved_at: CreatedAt;
}

interface MinutesReviewsTable {
	tenant_id: string;
	id: Generated<string>;
	minutes_id: string;
	version: number;
	stage: "union" | "gov";
	decision: "approve" | "return";
	comment: string | null;
	user_id: string;
	at: CreatedAt;
}

interface MinutesCountersTable {
	tenant_id: string;
	year: number;
	last_seq: Generated<number>;
}

export type MatterStatus = "assigned" | "in_progress" | "done" | "verified";

interface DecidedMattersTable {
	tenant_id: string;
	id: Generated<string>;
	minutes_id: string;
	meeting_id: string;
	seq: number;
	content: string;
	lead_department_id: string;
	co_department_ids: string[];
	deadline: DateOnly;
	status: ColumnType<MatterStatus, MatterStatus | undefined, MatterStatus>;
	/** The day (China time) it was verified as closed; kept by a trigger (ADR 0010). */
	closed_on: ColumnType<DateOnly | null, never, never>;
	/** The deadline the meeting decided, kept once an extension is granted (O6). */
	original_deadline: DateOnly | null;
	/** An extension was granted after the deadline had passed: 逾期后延期. */
	extended_after_overdue: Generated<boolean>;
	created_at: CreatedAt;
}

export type MatterUpdateKind =
	| "progress"
	| "done"
	| "reminder"
	| "supervision"
	| "verified"
	| "reopened"
	/** A deadline moved before extensions became requests (2026-12-04); kept as history. */
	| "extended"
	| "extension_requested"
	| "extension_approved"
	| "extension_refused";

interface MatterUpdatesTable {
	tenant_id: string;
	id: Generated<string>;
	matter_id: string;
	kind: MatterUpdateKind;
	text: Generated<string>;
	percent: number | null;
	new_deadline: DateOnly | null;
	/** A 督办's day by which the lead department replies in writing (2026-12-05). */
	reply_by: DateOnly | null;
	user_id: string;
	at: CreatedAt;
}

/** The lead department's written reply to one 督办 (2026-12-05). */
interface SupervisionRepliesTable {
	tenant_id: string;
	supervision_id: string;
	department_id: string;
	text: string;
	user_id: string;
	at: CreatedAt;
}

interface PublicityTable {
	tenant_id: string;
	id: Generated<string>;
	meeting_id: string;
	channel: string;
	title: string;
	link: string | null;
	body: Generated<string>;
	published_on: DateOnly;
	created_by: string | null;
	created_at: CreatedAt;
}

/** A unit's public results page (O7): opted in or not (migration 2026-11-29T0900). */
interface PublicPagesTable {
	tenant_id: string;
	enabled: boolean;
	changed_by: string | null;
	changed_at: Timestamp;
}

/** One release of a held meeting's results; public while both sides agreed and not withdrawn. */
interface PublicReleasesTable {
	tenant_id: string;
	id: Generated<string>;
	meeting_id: string;
	union_agreed_by: string | null;
	union_agreed_at: Date | null;
	government_agreed_by: string | null;
	government_agreed_at: Date | null;
	published_at: Date | null;
	withdrawn_by: string | null;
	withdrawn_at: Date | null;
	created_at: CreatedAt;
}

interface MatterUpdateFilesTable {
	tenant_id: string;
	update_id: string;
	file_id: string;
}

/** A unit's IM group robot (migration 2026-12-06T1000, issue 23): URL and secret sealed (secret-box). */
export interface ImChannelsTable {
	tenant_id: string;
	id: Generated<string>;
	kind: "wecom" | "dingtalk" | "feishu";
	name: string;
	/** AES-256-GCM: iv (12) | tag (16) | ciphertext, sealed with `key_id`. */
	webhook_url_enc: Uint8Array;
	secret_enc: Uint8Array | null;
	key_id: string;
	/** The only text of the URL a page shows. */
	url_mask: string;
	keyword: string | null;
	/** Notification categories posted there (meetings, minutes, matters, reminders, digest). */
	categories: ColumnType<string[], string[] | undefined, string[]>;
	enabled: Generated<boolean>;
	health: ColumnType<
		"ok" | "failing" | "disabled",
		"ok" | "failing" | "disabled" | undefined,
		"ok" | "failing" | "disabled"
	>;
	/** Masked: never a token or a secret. */
	last_error: string | null;
	last_error_at: Date | null;
	created_by: string | null;
	created_at: CreatedAt;
	updated_at: Timestamp;
}

/** The delivery log: one row per attempt (outcome, code, masked message, attempt, latency). */
interface ImDeliveriesTable {
	tenant_id: string;
	id: Generated<string>;
	channel_id: string;
	outbox_id: string | null;
	/** "<outbox id>:<channel id>"; null for a test-send. */
	delivery_key: string | null;
	test: Generated<boolean>;
	outcome: "ok" | "retryable" | "permanent";
	code: string | null;
	message: string | null;
	attempt: Generated<number>;
	latency_ms: Generated<number>;
	at: CreatedAt;
}

/** The per-robot budget without Redis: one row per post. */
interface ImRobotSendsTable {
	tenant_id: string;
	channel_id: string;
	id: Generated<string>;
	sent_at: Date;
}

export interface Database extends ReportRequestsDatabase {
	tenants: TenantsTable;
	users: UsersTable;
	sessions: SessionsTable;
	security_events: SecurityEventsTable;
	memberships: MembershipsTable;
	membership_periods: MembershipPeriodsTable;
	session_units: SessionUnitsTable;
	audit_events: AuditEventsTable;
	outbox: OutboxTable;
	dual_consents: DualConsentsTable;
	password_reset_requests: PasswordResetRequestsTable;
	departments: DepartmentsTable;
	department_liaisons: DepartmentLiaisonsTable;
	files: FilesTable;
	systems: SystemsTable;
	system_leaders: SystemLeadersTable;
	password_tokens: PasswordTokensTable;
	invitations: InvitationsTable;
	topic_counts: TopicCountsTable;
	meetings: MeetingsTable;
	meeting_consents: MeetingConsentsTable;
	topics: TopicsTable;
	topic_agreements: TopicAgreementsTable;
	topic_files: TopicFilesTable;
	opinion_requests: OpinionRequestsTable;
	opinion_files: OpinionFilesTable;
	attendees: AttendeesTable;
	agenda_items: AgendaItemsTable;
	notifications: NotificationsTable;
	reminder_keys: ReminderKeysTable;
	one_time_keys: OneTimeKeysTable;
	unit_year_figures: UnitYearFiguresTable;
	unit_subtree_units: UnitSubtreeUnitsTable;
	unit_subtree_year_figures: UnitSubtreeYearFiguresTable;
	minutes: MinutesTable;
	minutes_versions: MinutesVersionsTable;
	minutes_reviews: MinutesReviewsTable;
	minutes_counters: MinutesCountersTable;
	decided_matters: DecidedMattersTable;
	matter_updates: MatterUpdatesTable;
	publicity: PublicityTable;
	matter_update_files: MatterUpdateFilesTable;
	supervision_replies: SupervisionRepliesTable;
	public_pages: PublicPagesTable;
	public_releases: PublicReleasesTable;
	im_channels: ImChannelsTable;
	im_deliveries: ImDeliveriesTable;
	im_robot_sends: ImRobotSendsTable;
}
