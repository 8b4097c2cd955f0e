import { sql } from "kysely";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { openDatabase } from "#db/client.ts";
import { parseDatabaseEnv } from "#db/database-env.ts";
import { runAs, type Tx } from "#db/run-as.ts";
import type { Role } from "#db/schema.ts";
import {
	createMember,
	createTenant,
	openIntegrationDatabase,
	type TenantFixture,
} from "#tests/support/integration-db.ts";

const db = await openIntegrationDatabase();

let a: TenantFixture;
let b: TenantFixture;
let userA: { id: string };
let userB: { id: string };

/** Ids of per-tenant fixtures the rows below point at. */
interface FixtureIds {
	department: string;
	system: string;
	file: string;
	meeting: string;
	topic: string;
	opinion: string;
	minutes: string;
	matter: string;
	update?: string;
	supervision?: string;
	imChannel?: string;
	reportRequest?: string;
}
const freshIds = (): FixtureIds => ({
	department: crypto.randomUUID(),
	system: crypto.randomUUID(),
	file: crypto.randomUUID(),
	meeting: crypto.randomUUID(),
	topic: crypto.randomUUID(),
	opinion: crypto.randomUUID(),
	minutes: crypto.randomUUID(),
	matter: crypto.randomUUID(),
});
const fixtureIds = new Map<string, FixtureIds>();
const idsOf = (tenantId: string) => fixtureIds.get(tenantId) ?? freshIds();

/** Inserts the row with a known id, so that later tables can point at it. */
async function insertWithId(table: string, tenantId: string, userId: string, id: string) {
	await db.owner
		.insertInto(table as "outbox")
		.values({ ...tableRow(table, tenantId, userId), id } as never)
		.execute();
}

async function insertAsOwner(table: string, tenantId: string, userId: string) {
	await db.owner
		.insertInto(table as "outbox")
		.values(tableRow(table, tenantId, userId) as never)
		.execute();
}

/**
 * Each tenant table: how to write a row of a tenant (as owner, for set-up) and what a row looks like.
 * The schema check below fails when a tenant table has no entry here.
 */
const tenantTables: Record<
	string,
	{
		seed(tenantId: string, userId: string): Promise<void>;
		row(tenantId: string, userId: string): Record<string, unknown>;
	}
> = {
	memberships: {
		async seed() {},
		row: (tenantId, userId) => ({ tenant_id: tenantId, user_id: userId, roles: ["viewer"] }),
	},
	audit_events: {
		seed: (tenantId, userId) => insertAsOwner("audit_events", tenantId, userId),
		row: (tenantId, userId) => ({
			tenant_id: tenantId,
			actor_user_id: userId,
			action: "test",
			entity_type: "t",
			entity_id: "1",
		}),
	},
	topic_counts: {
		seed: (tenantId, userId) => insertAsOwner("topic_counts", tenantId, userId),
		row: (tenantId) => ({ tenant_id: tenantId, year: 2025, category: 4, topics: 2 }),
	},
	invitations: {
		seed: (tenantId, userId) => insertAsOwner("invitations", tenantId, userId),
		row: (tenantId, userId) => ({
			tenant_id: tenantId,
			tenant_name: "测试单位",
			tenant_kind: "county",
			email: `invited-${crypto.randomUUID()}@test.example`,
			display_name: "受邀人",
			roles: ["viewer"],
			token_id: crypto.randomUUID().replaceAll("-", ""),
			secret_hash: new Uint8Array(32),
			invited_by: userId,
			expires_at: new Date(Date.now() + 86_400_000),
		}),
	},
	unit_year_figures: {
		seed: (tenantId, userId) => insertAsOwner("unit_year_figures", tenantId, userId),
		row: (tenantId) => ({ tenant_id: tenantId, year: 1990 + Math.floor(Math.random() * 9) }),
	},
	// Kept by a trigger on tenants (migration 2026-12-06T1100): the fixture unit already has its row.
	unit_subtree_units: {
		seed: async () => {},
		row: (tenantId) => ({ tenant_id: tenantId }),
	},
	unit_subtree_year_figures: {
		seed: (tenantId, userId) => insertAsOwner("unit_subtree_year_figures", tenantId, userId),
		row: (tenantId) => ({ tenant_id: tenantId, year: 1990 + Math.floor(Math.random() * 9) }),
	},
	reminder_keys: {
		seed: (tenantId, userId) => insertAsOwner("reminder_keys", tenantId, userId),
		row: (tenantId) => ({ tenant_id: tenantId, key: `test:${crypto.randomUUID()}`, day: "2026-11-24" }),
	},
	one_time_keys: {
		seed: (tenantId, userId) => insertAsOwner("one_time_keys", tenantId, userId),
		row: (tenantId, userId) => ({ tenant_id: tenantId, user_id: userId, key: crypto.randomUUID() }),
	},
	// Kept by a trigger on memberships: the fixture person's membership already made its row.
	membership_periods: {
		seed: async () => {},
		row: (tenantId, userId) => ({ tenant_id: tenantId, user_id: userId, started_at: new Date() }),
	},
	session_units: {
		seed: (tenantId, userId) => insertAsOwner("session_units", tenantId, userId),
		row: (tenantId, userId) => ({
			tenant_id: tenantId,
			session_id: crypto.randomUUID().replaceAll("-", ""),
			user_id: userId,
		}),
	},
	dual_consents: {
		seed: (tenantId, userId) => insertAsOwner("dual_consents", tenantId, userId),
		row: (tenantId, userId) => ({
			tenant_id: tenantId,
			subject_type: "meeting_cancel",
			subject_id: crypto.randomUUID(),
			side: "union",
			user_id: userId,
			reason: "双方协商取消",
		}),
	},
	outbox: {
		seed: (tenantId, userId) => insertAsOwner("outbox", tenantId, userId),
		row: (tenantId) => ({ tenant_id: tenantId, topic: "test", payload: JSON.stringify({ n: 1 }) }),
	},
	departments: {
		async seed(tenantId, userId) {
			fixtureIds.set(tenantId, freshIds());
			await db.owner
				.insertInto("departments")
				.values({ ...tableRow("departments", tenantId, userId), id: idsOf(tenantId).department } as never)
				.execute();
		},
		row: (tenantId) => ({
			tenant_id: tenantId,
			name: `部门 ${crypto.randomUUID()}`,
			side: "gov",
			category: "functional",
		}),
	},
	department_liaisons: {
		seed: (tenantId, userId) => insertAsOwner("department_liaisons", tenantId, userId),
		row: (tenantId, userId) => ({ tenant_id: tenantId, department_id: idsOf(tenantId).department, user_id: userId }),
	},
	files: {
		seed: (tenantId, userId) => insertWithId("files", tenantId, userId, idsOf(tenantId).file),
		row: (tenantId) => ({
			tenant_id: tenantId,
			sha256: "a".repeat(64),
			size_bytes: 10,
			content_type: "application/pdf",
			original_name: "制度.pdf",
		}),
	},
	systems: {
		async seed(tenantId, userId) {
			await db.owner
				.insertInto("systems")
				.values({ ...tableRow("systems", tenantId, userId), id: idsOf(tenantId).system, version: 1 } as never)
				.execute();
		},
		row: (tenantId) => ({
			tenant_id: tenantId,
			version: 2,
			title: "联席会议制度",
			issuing_bodies: "政府办公室",
			doc_number: "测政办〔2024〕1号",
			issued_on: "2024-07-03",
			effective_on: "2024-07-03",
		}),
	},
	system_leaders: {
		seed: (tenantId, userId) => insertAsOwner("system_leaders", tenantId, userId),
		row: (tenantId, userId) => ({
			tenant_id: tenantId,
			system_id: idsOf(tenantId).system,
			user_id: userId,
			role: "union_chair",
		}),
	},
	meetings: {
		seed: (tenantId, userId) => insertWithId("meetings", tenantId, userId, idsOf(tenantId).meeting),
		row: (tenantId) => ({
			tenant_id: tenantId,
			year: 2026,
			seq: Math.floor(Math.random() * 1_000_000) + 1,
			kind: "regular",
			title: "年度例会",
			reason: "年度例会",
			window_from: "2026-03-01",
			window_to: "2026-03-31",
		}),
	},
	meeting_consents: {
		seed: (tenantId, userId) => insertAsOwner("meeting_consents", tenantId, userId),
		row: (tenantId, userId) => ({
			tenant_id: tenantId,
			meeting_id: idsOf(tenantId).meeting,
			side: "union",
			decision: "consent",
			user_id: userId,
		}),
	},
	topics: {
		seed: (tenantId, userId) => insertWithId("topics", tenantId, userId, idsOf(tenantId).topic),
		row: (tenantId) => ({
			tenant_id: tenantId,
			meeting_id: idsOf(tenantId).meeting,
			category: 4,
			title: "新就业形态劳动者权益保障",
		}),
	},
	topic_agreements: {
		seed: (tenantId, userId) => insertAsOwner("topic_agreements", tenantId, userId),
		row: (tenantId, userId) => ({
			tenant_id: tenantId,
			topic_id: idsOf(tenantId).topic,
			side: "union",
			user_id: userId,
		}),
	},
	topic_files: {
		seed: (tenantId, userId) => insertAsOwner("topic_files", tenantId, userId),
		row: (tenantId) => ({ tenant_id: tenantId, topic_id: idsOf(tenantId).topic, file_id: idsOf(tenantId).file }),
	},
	opinion_requests: {
		seed: (tenantId, userId) => insertWithId("opinion_requests", tenantId, userId, idsOf(tenantId).opinion),
		row: (tenantId) => ({
			tenant_id: tenantId,
			topic_id: idsOf(tenantId).topic,
			department_id: idsOf(tenantId).department,
			due_on: "2026-03-15",
		}),
	},
	opinion_files: {
		seed: (tenantId, userId) => insertAsOwner("opinion_files", tenantId, userId),
		row: (tenantId) => ({
			tenant_id: tenantId,
			opinion_request_id: idsOf(tenantId).opinion,
			file_id: idsOf(tenantId).file,
		}),
	},
	attendees: {
		seed: (tenantId, userId) => insertAsOwner("attendees", tenantId, userId),
		row: (tenantId) => ({
			tenant_id: tenantId,
			meeting_id: idsOf(tenantId).meeting,
			capacity: "invited",
			guest_name: "劳模代表",
			guest_type: "model_worker",
		}),
	},
	agenda_items: {
		seed: (tenantId, userId) => insertAsOwner("agenda_items", tenantId, userId),
		row: (tenantId) => ({
			tenant_id: tenantId,
			meeting_id: idsOf(tenantId).meeting,
			position: Math.floor(Math.random() * 1_000_000) + 1,
			title: "其他事项",
		}),
	},
	notifications: {
		seed: (tenantId, userId) => insertAsOwner("notifications", tenantId, userId),
		row: (tenantId, userId) => ({
			tenant_id: tenantId,
			user_id: userId,
			kind: "meeting.requested",
			entity_type: "meeting",
			entity_id: idsOf(tenantId).meeting,
			link: "/",
		}),
	},
	minutes: {
		seed: (tenantId, userId) => insertWithId("minutes", tenantId, userId, idsOf(tenantId).minutes),
		row: (tenantId) => ({ tenant_id: tenantId, meeting_id: idsOf(tenantId).meeting }),
	},
	minutes_versions: {
		seed: (tenantId, userId) => insertAsOwner("minutes_versions", tenantId, userId),
		row: (tenantId) => ({ tenant_id: tenantId, minutes_id: idsOf(tenantId).minutes, version: 1, body: "纪要正文" }),
	},
	minutes_reviews: {
		seed: (tenantId, userId) => insertAsOwner("minutes_reviews", tenantId, userId),
		row: (tenantId, userId) => ({
			tenant_id: tenantId,
			minutes_id: idsOf(tenantId).minutes,
			version: 1,
			stage: "union",
			decision: "return",
			comment: "请修改",
			user_id: userId,
		}),
	},
	minutes_counters: {
		seed: (tenantId, userId) => insertAsOwner("minutes_counters", tenantId, userId),
		row: (tenantId) => ({ tenant_id: tenantId, year: 2000 + Math.floor(Math.random() * 100) }),
	},
	decided_matters: {
		seed: (tenantId, userId) => insertAsOwner("decided_matters", tenantId, userId),
		row: (tenantId) => ({
			tenant_id: tenantId,
			minutes_id: idsOf(tenantId).minutes,
			meeting_id: idsOf(tenantId).meeting,
			seq: Math.floor(Math.random() * 1_000_000) + 1,
			content: "推动职业伤害保障试点",
			lead_department_id: idsOf(tenantId).department,
			deadline: "2027-06-30",
		}),
	},
	matter_updates: {
		seed: async (tenantId, userId) => {
			await db.owner
				.insertInto("decided_matters")
				.values({ ...tableRow("decided_matters", tenantId, userId), id: idsOf(tenantId).matter } as never)
				.execute();
			await insertAsOwner("matter_updates", tenantId, userId);
		},
		row: (tenantId, userId) => ({
			tenant_id: tenantId,
			matter_id: idsOf(tenantId).matter,
			kind: "progress",
			text: "进展",
			user_id: userId,
		}),
	},
	publicity: {
		seed: (tenantId, userId) => insertAsOwner("publicity", tenantId, userId),
		row: (tenantId) => ({
			tenant_id: tenantId,
			meeting_id: idsOf(tenantId).meeting,
			channel: "微信公众号",
			title: "联席会议召开",
			published_on: "2026-03-21",
		}),
	},
	public_pages: {
		seed: (tenantId, userId) => insertAsOwner("public_pages", tenantId, userId),
		row: (tenantId, userId) => ({ tenant_id: tenantId, enabled: true, changed_by: userId }),
	},
	public_releases: {
		seed: (tenantId, userId) => insertAsOwner("public_releases", tenantId, userId),
		row: (tenantId, userId) => ({
			tenant_id: tenantId,
			meeting_id: idsOf(tenantId).meeting,
			union_agreed_by: userId,
			union_agreed_at: "2026-03-21T10:00:00+08:00",
		}),
	},
	matter_update_files: {
		seed: async (tenantId, userId) => {
			const update = await db.owner
				.insertInto("matter_updates")
				.values({ ...tableRow("matter_updates", tenantId, userId) } as never)
				.returning("id")
				.executeTakeFirstOrThrow();
			fixtureIds.set(tenantId, { ...idsOf(tenantId), update: update.id });
			await insertAsOwner("matter_update_files", tenantId, userId);
		},
		row: (tenantId) => ({ tenant_id: tenantId, update_id: idsOf(tenantId).update, file_id: idsOf(tenantId).file }),
	},
	supervision_replies: {
		seed: async (tenantId, userId) => {
			const notice = await db.owner
				.insertInto("matter_updates")
				.values({
					...tableRow("matter_updates", tenantId, userId),
					kind: "supervision",
					reply_by: "2027-01-15",
				} as never)
				.returning("id")
				.executeTakeFirstOrThrow();
			fixtureIds.set(tenantId, { ...idsOf(tenantId), supervision: notice.id });
			await insertAsOwner("supervision_replies", tenantId, userId);
		},
		row: (tenantId, userId) => ({
			tenant_id: tenantId,
			supervision_id: idsOf(tenantId).supervision,
			department_id: idsOf(tenantId).department,
			text: "已书面答复",
			user_id: userId,
		}),
	},
	// Issue 23: a unit's group robots, their delivery log, and the robots' budget without Redis.
	im_channels: {
		async seed(tenantId, userId) {
			const id = crypto.randomUUID();
			fixtureIds.set(tenantId, { ...idsOf(tenantId), imChannel: id });
			await insertWithId("im_channels", tenantId, userId, id);
		},
		row: (tenantId) => ({
			tenant_id: tenantId,
			kind: "wecom",
			name: "工作群",
			webhook_url_enc: new Uint8Array(40),
			key_id: "k1",
			url_mask: "…/send?key=****8d30",
		}),
	},
	im_deliveries: {
		seed: (tenantId, userId) => insertAsOwner("im_deliveries", tenantId, userId),
		row: (tenantId) => ({
			tenant_id: tenantId,
			channel_id: idsOf(tenantId).imChannel,
			delivery_key: `${crypto.randomUUID()}:${idsOf(tenantId).imChannel}`,
			outcome: "ok",
		}),
	},
	im_robot_sends: {
		seed: (tenantId, userId) => insertAsOwner("im_robot_sends", tenantId, userId),
		row: (tenantId) => ({ tenant_id: tenantId, channel_id: idsOf(tenantId).imChannel, sent_at: new Date() }),
	},
	// Issue 22: report requests; the request, its target and its versions live in the requesting unit
	// (here a unit "asking" itself, which the keys allow); the cross-unit reads are in report-requests-isolation.test.ts.
	report_requests: {
		async seed(tenantId, userId) {
			const id = crypto.randomUUID();
			fixtureIds.set(tenantId, { ...idsOf(tenantId), reportRequest: id });
			await insertWithId("report_requests", tenantId, userId, id);
		},
		row: (tenantId) => ({
			tenant_id: tenantId,
			title: "年度报送",
			kind: "form",
			period_kind: "year",
			period_key: "2026",
			due_on: "2026-12-31",
			scope: "children",
			series_id: crypto.randomUUID(),
		}),
	},
	report_request_files: {
		seed: (tenantId, userId) => insertAsOwner("report_request_files", tenantId, userId),
		row: (tenantId) => ({
			tenant_id: tenantId,
			request_id: idsOf(tenantId).reportRequest,
			file_id: idsOf(tenantId).file,
		}),
	},
	report_targets: {
		seed: (tenantId, userId) => insertAsOwner("report_targets", tenantId, userId),
		row: (tenantId) => ({
			tenant_id: tenantId,
			request_id: idsOf(tenantId).reportRequest,
			unit_id: tenantId,
			reviewer_id: tenantId,
			depth: 1,
		}),
	},
	report_submissions: {
		seed: (tenantId, userId) => insertAsOwner("report_submissions", tenantId, userId),
		row: (tenantId) => ({
			tenant_id: tenantId,
			request_id: idsOf(tenantId).reportRequest,
			unit_id: tenantId,
			version: 1 + Math.floor(Math.random() * 1_000_000),
		}),
	},
	// Kept by the database's triggers (migration 2026-12-08T1100); written here as the owner.
	report_sums: {
		seed: (tenantId, userId) => insertAsOwner("report_sums", tenantId, userId),
		row: (tenantId) => ({ tenant_id: tenantId, request_id: idsOf(tenantId).reportRequest, unit_id: tenantId }),
	},
	report_submission_files: {
		seed: (tenantId, userId) => insertAsOwner("report_submission_files", tenantId, userId),
		row: (tenantId) => ({
			tenant_id: tenantId,
			file_id: idsOf(tenantId).file,
			request_tenant_id: tenantId,
			request_id: idsOf(tenantId).reportRequest,
			version: 1,
		}),
	},
};

/**
 * Each unit's one fixture person: its administrator, on the union side, so that the rows of the
 * two-sided tables (consents, agreements, reviews, releases) are theirs to write (NOTICE P).
 */
const sidedAdmin: Role[] = ["admin", "union_chair"];

function tableRow(table: string, tenantId: string, userId: string) {
	return tenantTables[table]?.row(tenantId, userId) ?? {};
}

beforeAll(async () => {
	a = await createTenant(db);
	b = await createTenant(db);
	userA = await createMember(db, a.id, sidedAdmin);
	userB = await createMember(db, b.id, sidedAdmin);
	for (const [, spec] of Object.entries(tenantTables)) {
		await spec.seed(a.id, userA.id);
		await spec.seed(b.id, userB.id);
	}
});

const asA = <T>(work: (tx: Tx) => Promise<T>) => runAs(db.app, { userId: userA.id, tenantId: a.id }, work);

async function expectRefused(work: () => Promise<unknown>) {
	await expect(work()).rejects.toThrow(/row-level security|permission denied/);
}

describe("tenant isolation, as the app role", () => {
	it("covers every tenant table of the schema", async () => {
		const { rows } = await sql<{ name: string }>`
			select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
			where n.nspname = 'public' and c.relkind = 'r'
				and exists (select 1 from pg_attribute x where x.attrelid = c.oid and x.attname = 'tenant_id')
			order by 1`.execute(db.owner);
		expect(rows.map((r) => r.name)).toEqual(Object.keys(tenantTables).sort());
	});

	for (const table of Object.keys(tenantTables)) {
		describe(table, () => {
			it("selects only the current tenant's rows", async () => {
				const rows = await asA((tx) =>
					sql<{ tenant_id: string }>`select tenant_id from ${sql.table(table)}`.execute(tx),
				);
				expect(rows.rows.length).toBeGreaterThan(0);
				expect(new Set(rows.rows.map((r) => r.tenant_id))).toEqual(new Set([a.id]));
			});

			it("cannot insert a row for another tenant", async () => {
				await expectRefused(() =>
					asA((tx) =>
						tx
							.insertInto(table as "outbox")
							.values(tableRow(table, b.id, userA.id) as never)
							.execute(),
					),
				);
			});

			it("cannot update or delete another tenant's rows", async () => {
				// Each statement in its own transaction: a refusal (permission denied) aborts the transaction.
				const affected = async (statement: ReturnType<typeof sql>) => {
					try {
						const result = await asA((tx) => statement.execute(tx));
						return Number(result.numAffectedRows ?? 0);
					} catch (error) {
						if (/permission denied/.test((error as Error).message)) return 0;
						throw error;
					}
				};
				const counts = {
					updated: await affected(sql`update ${sql.table(table)} set tenant_id = tenant_id where tenant_id = ${b.id}`),
					deleted: await affected(sql`delete from ${sql.table(table)} where tenant_id = ${b.id}`),
				};
				expect(counts).toEqual({ updated: 0, deleted: 0 });
				const stillThere = await db.owner
					.selectFrom(table as "outbox")
					.select(sql<number>`count(*)::int`.as("n"))
					.where("tenant_id", "=", b.id)
					.executeTakeFirstOrThrow();
				expect(stillThere.n).toBeGreaterThan(0);
			});

			it("returns no rows when no tenant is set (fails closed)", async () => {
				const rows = await runAs(db.app, { userId: null, tenantId: null }, (tx) =>
					sql`select 1 from ${sql.table(table)}`.execute(tx),
				);
				expect(rows.rows).toEqual([]);
			});
		});
	}

	it("tenants: a tenant sees itself and its subtree, never a sibling or its parent", async () => {
		const child = await createTenant(db, { kind: "county", parentId: a.id });
		const grandchild = await createTenant(db, { kind: "zone", parentId: child.id });
		const visibleFromA = await asA((tx) => tx.selectFrom("tenants").select("id").execute());
		expect(visibleFromA.map((r) => r.id).sort()).toEqual([a.id, child.id, grandchild.id].sort());
		const childUser = await createMember(db, child.id, sidedAdmin);
		const visibleFromChild = await runAs(db.app, { userId: childUser.id, tenantId: child.id }, (tx) =>
			tx.selectFrom("tenants").select("id").execute(),
		);
		expect(visibleFromChild.map((r) => r.id).sort()).toEqual([child.id, grandchild.id].sort());
		const renamed = await asA((tx) =>
			tx.updateTable("tenants").set({ name: "改名" }).where("id", "=", b.id).executeTakeFirst(),
		);
		expect(Number(renamed.numUpdatedRows)).toBe(0);
	});

	it("a parent reads its child's published system record and document, nothing internal", async () => {
		const child = await createTenant(db, { kind: "county", parentId: a.id });
		const childUser = await createMember(db, child.id, sidedAdmin);
		for (const spec of Object.values(tenantTables)) await spec.seed(child.id, childUser.id);
		const documentFile = await db.owner
			.insertInto("files")
			.values({ ...tableRow("files", child.id, childUser.id), original_name: "县制度.pdf" } as never)
			.returning("id")
			.executeTakeFirstOrThrow();
		await db.owner
			.updateTable("systems")
			.set({ superseded_at: new Date() })
			.where("tenant_id", "=", child.id)
			.execute();
		await db.owner
			.insertInto("systems")
			.values({ ...tableRow("systems", child.id, childUser.id), file_id: documentFile.id } as never)
			.execute();
		const seen = await asA(async (tx) => {
			const count = async (table: string) =>
				(
					await sql<{
						n: number;
					}>`select count(*)::int as n from ${sql.table(table)} where tenant_id = ${child.id}`.execute(tx)
				).rows[0]?.n;
			return {
				systems: await count("systems"),
				meetings: await count("meetings"),
				minutes: await count("minutes"),
				minutes_versions: await count("minutes_versions"),
				decided_matters: await count("decided_matters"),
				matter_updates: await count("matter_updates"),
				publicity: await count("publicity"),
				topics: await count("topics"),
				opinion_requests: await count("opinion_requests"),
				attendees: await count("attendees"),
				files: await count("files"),
				system_leaders: await count("system_leaders"),
				departments: await count("departments"),
				department_liaisons: await count("department_liaisons"),
				memberships: await count("memberships"),
				audit_events: await count("audit_events"),
				outbox: await count("outbox"),
			};
		});
		// Both versions of the system record, and only the file a system record points to. The child's
		// meeting is a draft and its minutes are not issued: neither goes up, nor the matters and the
		// publicity that hang on them (published-upward.test.ts reads what does).
		expect(seen).toEqual({
			systems: 2,
			meetings: 0,
			minutes: 0,
			minutes_versions: 0,
			decided_matters: 0,
			matter_updates: 0,
			publicity: 0,
			topics: 0,
			opinion_requests: 0,
			attendees: 0,
			files: 1,
			system_leaders: 0,
			departments: 0,
			department_liaisons: 0,
			memberships: 0,
			audit_events: 0,
			outbox: 0,
		});
		// The child never reads the parent's records.
		const fromChild = await runAs(db.app, { userId: childUser.id, tenantId: child.id }, (tx) =>
			sql<{ n: number }>`select count(*)::int as n from systems where tenant_id = ${a.id}`.execute(tx),
		);
		expect(fromChild.rows[0]?.n).toBe(0);
	});

	it("users: a member sees themselves and their tenant's members, not other tenants' people", async () => {
		const seen = await asA((tx) => tx.selectFrom("users").select("id").execute());
		expect(seen.map((r) => r.id)).toContain(userA.id);
		expect(seen.map((r) => r.id)).not.toContain(userB.id);
	});

	it("sessions: nobody reads another user's sessions", async () => {
		await db.owner
			.insertInto("sessions")
			.values({
				id: `s${"b".repeat(31)}`,
				secret_hash: new Uint8Array(32),
				user_id: userB.id,
				expires_at: new Date(Date.now() + 60_000),
			})
			.execute();
		const seen = await asA((tx) => tx.selectFrom("sessions").select("id").execute());
		expect(seen).toEqual([]);
	});

	it("10,000 interleaved requests of two tenants over a pool of 2 see no row of the other tenant", async () => {
		const small = await openDatabase({
			env: parseDatabaseEnv({ DATABASE_URL: inject("databaseUrl"), DATABASE_POOL_MAX: "2" }),
		});
		try {
			let leaks = 0;
			let checked = 0;
			const request = async (i: number) => {
				const [tenant, user] = i % 2 === 0 ? [a, userA] : [b, userB];
				const rows = await runAs(small.app, { userId: user.id, tenantId: tenant.id }, (tx) =>
					tx
						.selectFrom("memberships")
						.select("tenant_id")
						.unionAll(tx.selectFrom("audit_events").select("tenant_id"))
						.execute(),
				);
				checked += rows.length;
				leaks += rows.filter((r) => r.tenant_id !== tenant.id).length;
			};
			const total = 10_000;
			const concurrency = 50;
			for (let start = 0; start < total; start += concurrency) {
				await Promise.all(Array.from({ length: concurrency }, (_, k) => request(start + k)));
			}
			expect(checked).toBeGreaterThanOrEqual(total);
			expect(leaks).toBe(0);
		} finally {
			await small.close();
		}
	});
});
