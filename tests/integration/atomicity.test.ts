import { type RawBuilder, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDepartment, bindLiaison } from "#app/domain/directory/manage-departments.server.ts";
import { actOnMatter } from "#app/domain/matters/matter-actions.server.ts";
import { replyToSupervision } from "#app/domain/matters/supervision-replies.server.ts";
import { createMeeting } from "#app/domain/meetings/create-meeting.server.ts";
import { deleteDraftMeeting } from "#app/domain/meetings/delete-draft.server.ts";
import {
	acceptMeeting,
	cancelMeeting,
	consentToMeeting,
	submitMeeting,
} from "#app/domain/meetings/meeting-transitions.server.ts";
import { recordPublicity } from "#app/domain/meetings/publicity.server.ts";
import { addAttendee } from "#app/domain/meetings/roster-actions.server.ts";
import { scheduleMeeting } from "#app/domain/meetings/schedule-actions.server.ts";
import { agreeTopic, proposeTopic } from "#app/domain/meetings/topic-actions.server.ts";
import { advanceMinutes, saveMinutes } from "#app/domain/minutes/minutes-actions.server.ts";
import { addMember } from "#app/domain/people/manage-members.server.ts";
import { setMemberTitle } from "#app/domain/people/member-title.server.ts";
import { agreeToRelease } from "#app/domain/public-results/release-actions.server.ts";
import { createReportRequest, urgeReports } from "#app/domain/report-requests/report-request-actions.server.ts";
import { acceptReport, returnReport } from "#app/domain/report-requests/report-review-actions.server.ts";
import { approveAndReport, saveReportDraft } from "#app/domain/report-requests/report-submission-actions.server.ts";
import type { Role } from "#db/schema.ts";
import {
	createActorOptions,
	createMember,
	createTenant,
	openIntegrationDatabase,
	type TenantFixture,
	uniqueSuffix,
} from "#tests/support/integration-db.ts";
import { holdMeeting, rosterLeaders } from "#tests/support/meeting-fixtures.ts";

/*
 * DESIGN §3: a change, its audit event and its outbox rows commit together or not at all.
 * Each test makes the LAST write of one use case fail inside its transaction (a trigger, scoped to
 * this file's tenant, raises on the audit event or on the outbox row), expects the use case to
 * reject with that failure, and proves the tenant's rows, in every table that has a tenant_id, are
 * exactly as before. Then the control: without the trigger the same call commits and changes the
 * tables the test names, so the comparison would have seen a write that outlived the failure.
 */

const db = await openIntegrationDatabase(6);
let tenant: TenantFixture;
type Options = Awaited<ReturnType<typeof createActorOptions>>;
const people = new Map<Role, Options>();
const as = (role: Role) => people.get(role) as Options;
let lead: string;
let tenantTables: string[];

const INJECTED = /atomicity test: injected failure/;

beforeAll(async () => {
	tenant = await createTenant(db);
	for (const role of [
		"admin",
		"union_staff",
		"union_chair",
		"gov_head",
		"gov_liaison",
		"gov_office",
		"department_liaison",
	] as Role[]) {
		people.set(role, await createActorOptions(db, tenant, [role]));
	}
	const department = await addDepartment(as("admin"), {
		name: "人社局",
		side: "gov",
		category: "functional",
		sortOrder: 0,
	});
	if (!department.ok) throw new Error("department");
	lead = department.id;
	await bindLiaison(as("admin"), lead, as("department_liaison").actor.userId);
	const tables = await sql<{ table_name: string }>`
		select c.table_name from information_schema.columns c
		join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
		where c.table_schema = 'public' and c.column_name = 'tenant_id' and t.table_type = 'BASE TABLE'
		order by c.table_name`.execute(db.owner);
	tenantTables = tables.rows.map((r) => r.table_name);
	await sql`
		create or replace function atomicity_test_fail() returns trigger language plpgsql as $$
		begin
			raise exception 'atomicity test: injected failure on %', tg_table_name;
		end $$`.execute(db.owner);
});

afterAll(async () => {
	await sql`drop function if exists atomicity_test_fail()`.execute(db.owner);
});

type TenantState = Record<string, unknown[]>;

/** Every row of this tenant, table by table, in a stable order: the whole of what a use case could have left. */
async function tenantState(): Promise<TenantState> {
	const parts = tenantTables.map(
		(table) =>
			sql`${sql.lit(table)}, (select coalesce(jsonb_agg(to_jsonb(t) order by to_jsonb(t)::text), '[]'::jsonb)
				from ${sql.table(table)} t where t.tenant_id = ${tenant.id})`,
	);
	const { rows } = await sql<{ state: TenantState }>`select jsonb_build_object(${sql.join(parts)}) as state`.execute(
		db.owner,
	);
	return (rows[0] as { state: TenantState }).state;
}

function changedTables(before: TenantState, after: TenantState): string[] {
	return Object.keys(after)
		.filter((table) => JSON.stringify(before[table]) !== JSON.stringify(after[table]))
		.sort();
}

/** Where the injected failure strikes: an insert into this table matching the condition, in this tenant only. */
interface Injection {
	table: "audit_events" | "outbox";
	when: RawBuilder<unknown>;
}

/** The audit event of this action (recorded by the use case as its last write, or before its notifications). */
const auditOf = (action: string): Injection => ({ table: "audit_events", when: sql`new.action = ${sql.lit(action)}` });

/** The outbox row of a notification of this kind: the very last insert of a step that notifies. */
const outboxOf = (kind: string): Injection => ({
	table: "outbox",
	when: sql`new.topic = 'notification.created' and new.payload ->> 'kind' = ${sql.lit(kind)}`,
});

/** An outbox row of this topic (not a notification: the invitation mail). */
const outboxTopic = (topic: string): Injection => ({ table: "outbox", when: sql`new.topic = ${sql.lit(topic)}` });

async function withInjectedFailure(injection: Injection, work: () => Promise<void>) {
	const trigger = `zz_atomicity_${uniqueSuffix()}`;
	await sql`
		create trigger ${sql.id(trigger)} before insert on ${sql.table(injection.table)} for each row
		when (new.tenant_id = ${sql.lit(tenant.id)}::uuid and ${injection.when})
		execute function atomicity_test_fail()`.execute(db.owner);
	try {
		await work();
	} finally {
		await sql`drop trigger if exists ${sql.id(trigger)} on ${sql.table(injection.table)}`.execute(db.owner);
	}
}

/**
 * The use case fails at its last write and leaves no row of the tenant changed; without the failure
 * the same call commits and changes at least the tables named (the control). Returns its result.
 */
async function provesAtomic<T>(injection: Injection, act: () => Promise<T>, writes: string[]): Promise<T> {
	const before = await tenantState();
	await withInjectedFailure(injection, async () => {
		await expect(act()).rejects.toThrow(INJECTED);
	});
	expect(await tenantState()).toEqual(before);
	const result = await act();
	const after = await tenantState();
	expect(changedTables(before, after)).toEqual(expect.arrayContaining([...writes].sort()));
	return result;
}

const proposal = { kind: "regular" as const, reason: "例会", windowFrom: "2026-03-01", windowTo: "2026-03-31" };
const topicInput = { category: 4, title: "议题", background: "", research: "", suggestions: "" };

async function draftMeeting(kind: "regular" | "extraordinary" = "regular") {
	return (await createMeeting({ ...as("union_staff"), proposal: { ...proposal, kind } })).id;
}

async function acceptedMeeting() {
	const id = await draftMeeting();
	await submitMeeting(as("union_staff"), id);
	await acceptMeeting(as("gov_head"), id);
	return id;
}

async function topicsOf(meetingId: string) {
	return db.owner
		.selectFrom("topics")
		.select(["id", "status"])
		.where("tenant_id", "=", tenant.id)
		.where("meeting_id", "=", meetingId)
		.execute();
}

async function statusOf(meetingId: string) {
	const row = await db.owner
		.selectFrom("meetings")
		.select("status")
		.where("tenant_id", "=", tenant.id)
		.where("id", "=", meetingId)
		.executeTakeFirstOrThrow();
	return row.status;
}

const draftOf = (content: string) => ({
	presidedBy: "联系工会工作的副市长",
	body: "正文",
	matters: [{ content, leadDepartmentId: lead, coDepartmentIds: [], deadline: "2027-06-30" }],
});

async function counterOf(year: number) {
	const row = await db.owner
		.selectFrom("minutes_counters")
		.select("last_seq")
		.where("tenant_id", "=", tenant.id)
		.where("year", "=", year)
		.executeTakeFirst();
	return row?.last_seq ?? 0;
}

describe("a meeting's steps commit with their audit event and notifications, or not at all", () => {
	it("submit (提请)", async () => {
		const id = await draftMeeting();
		await provesAtomic(auditOf("meeting.submit"), () => submitMeeting(as("union_staff"), id), [
			"meetings",
			"notifications",
			"outbox",
			"audit_events",
		]);
		expect(await statusOf(id)).toBe("requested");
	});

	it("deleting a draft never submitted: the meeting and its agenda go, the audit event stays", async () => {
		const id = await draftMeeting();
		await provesAtomic(auditOf("meeting.draft_deleted"), () => deleteDraftMeeting(as("union_staff"), id), [
			"meetings",
			"agenda_items",
			"audit_events",
		]);
		expect(await db.owner.selectFrom("meetings").select("id").where("id", "=", id).execute()).toEqual([]);
	});

	it("accept", async () => {
		const id = await draftMeeting();
		await submitMeeting(as("union_staff"), id);
		await provesAtomic(auditOf("meeting.accept"), () => acceptMeeting(as("gov_head"), id, "同意"), [
			"meetings",
			"notifications",
			"outbox",
			"audit_events",
		]);
		expect(await statusOf(id)).toBe("accepted");
	});

	it("an extraordinary meeting's consent of one side (meeting_consents)", async () => {
		const id = await draftMeeting("extraordinary");
		await submitMeeting(as("union_staff"), id);
		await provesAtomic(auditOf("meeting.consent"), () => consentToMeeting(as("gov_liaison"), id, "同意"), [
			"meeting_consents",
			"notifications",
			"outbox",
			"audit_events",
		]);
	});

	it("the first side's consent to cancel an accepted meeting (dual_consents)", async () => {
		const id = await acceptedMeeting();
		expect(
			await provesAtomic(auditOf("meeting.cancel"), () => cancelMeeting(as("gov_head"), id, "时间冲突"), [
				"dual_consents",
				"notifications",
				"outbox",
				"audit_events",
			]),
		).toBe("awaiting");
	});

	it("topic propose", async () => {
		const id = await acceptedMeeting();
		const topicsBefore = await topicsOf(id);
		await provesAtomic(auditOf("meeting.prepare"), () => proposeTopic(as("union_staff"), id, topicInput), [
			"topics",
			"meetings",
			"notifications",
			"outbox",
			"audit_events",
		]);
		expect(await topicsOf(id)).toHaveLength(topicsBefore.length + 1);
	});

	it("topic agree: the second side's agreement, which makes the topic agreed", async () => {
		const id = await acceptedMeeting();
		const topicId = await proposeTopic(as("union_staff"), id, topicInput);
		await agreeTopic(as("gov_liaison"), id, topicId);
		expect(
			await provesAtomic(auditOf("meeting.agree_topic"), () => agreeTopic(as("union_chair"), id, topicId), [
				"topic_agreements",
				"topics",
				"notifications",
				"outbox",
				"audit_events",
			]),
		).toBe("agreed");
	});

	it("roster add", async () => {
		const id = await acceptedMeeting();
		await provesAtomic(
			auditOf("meeting.prepare"),
			() =>
				addAttendee(as("union_staff"), id, {
					source: "guest",
					capacity: "invited",
					name: "张三",
					organisation: "职工代表",
					guestType: null,
				}),
			["attendees", "meetings", "audit_events"],
		);
	});

	it("schedule", async () => {
		const id = await acceptedMeeting();
		await proposeTopic(as("union_staff"), id, topicInput);
		for (const topic of await topicsOf(id)) {
			await agreeTopic(as("gov_liaison"), id, topic.id);
			await agreeTopic(as("union_chair"), id, topic.id);
		}
		await rosterLeaders(db, as, id);
		const slot = {
			start: new Date("2026-03-20T01:00:00Z"),
			end: new Date("2026-03-20T03:00:00Z"),
			place: "会议室",
		};
		await provesAtomic(auditOf("meeting.schedule"), () => scheduleMeeting(as("gov_office"), id, slot), [
			"meetings",
			"notifications",
			"outbox",
			"audit_events",
		]);
		expect(await statusOf(id)).toBe("scheduled");
	});

	it("publicity", async () => {
		const id = await holdMeeting(db, as, 2026);
		const input = {
			channel: "工会网站",
			title: "联席会议召开",
			link: null,
			body: "会议纪要",
			publishedOn: "2026-03-21",
		};
		await provesAtomic(auditOf("meeting.publicised"), () => recordPublicity(as("union_staff"), id, input), [
			"publicity",
			"audit_events",
		]);
	});
});

describe("minutes commit with their audit event and notifications, or not at all", () => {
	let meetingId: string;
	beforeAll(async () => {
		meetingId = await holdMeeting(db, as, 2026);
	});

	it("save: the first save's minutes row and version", async () => {
		const saved = await provesAtomic(
			auditOf("minutes.saved"),
			() => saveMinutes(as("union_staff"), meetingId, draftOf("开展职业伤害保障试点")),
			["minutes", "minutes_versions", "audit_events"],
		);
		// The failed save took no version number either.
		expect(saved.version).toBe(1);
	});

	it("issue: the gap-free number, the decided matters, the meeting and the minutes", async () => {
		await advanceMinutes(as("union_staff"), meetingId, "submit");
		await advanceMinutes(as("union_chair"), meetingId, "union_approve");
		await advanceMinutes(as("gov_liaison"), meetingId, "gov_approve");
		const last = await counterOf(2026);
		const issue = () => advanceMinutes(as("gov_office"), meetingId, "issue", { today: "2026-03-25" });
		const before = await tenantState();
		await withInjectedFailure(outboxOf("minutes.issue"), async () => {
			await expect(issue()).rejects.toThrow(INJECTED);
		});
		expect(await tenantState()).toEqual(before);
		expect(await counterOf(2026)).toBe(last);
		expect(await statusOf(meetingId)).toBe("minutes_review");
		// Control: issued now, it takes the very next number; the failed issue used none.
		const issued = await issue();
		expect(issued.number).toBe(`联席会议纪要〔2026〕${last + 1}号`);
		expect(changedTables(before, await tenantState())).toEqual(
			expect.arrayContaining([
				"audit_events",
				"decided_matters",
				"meetings",
				"minutes",
				"minutes_counters",
				"notifications",
				"outbox",
			]),
		);
	});
});

describe("decided matters' steps commit with their update, audit event and notifications, or not at all", () => {
	let meetingId: string;
	let matterId: string;
	beforeAll(async () => {
		meetingId = await holdMeeting(db, as, 2026);
		await saveMinutes(as("union_staff"), meetingId, draftOf("技能培训补贴"));
		await advanceMinutes(as("union_staff"), meetingId, "submit");
		await advanceMinutes(as("union_chair"), meetingId, "union_approve");
		await advanceMinutes(as("gov_liaison"), meetingId, "gov_approve");
		await advanceMinutes(as("gov_office"), meetingId, "issue", { today: "2026-04-01" });
		const matter = await db.owner
			.selectFrom("decided_matters")
			.select("id")
			.where("tenant_id", "=", tenant.id)
			.where("meeting_id", "=", meetingId)
			.executeTakeFirstOrThrow();
		matterId = matter.id;
	});

	it("progress by the lead department's liaison", async () => {
		expect(
			await provesAtomic(
				outboxOf("matter.progress"),
				() => actOnMatter(as("department_liaison"), matterId, "progress", { text: "已起草方案", percent: 40 }),
				["matter_updates", "decided_matters", "audit_events", "notifications", "outbox"],
			),
		).toEqual({ status: "in_progress" });
	});

	it("extension approval: the new deadline is granted with its record", async () => {
		await actOnMatter(as("gov_office"), matterId, "extend", { text: "资金未到位", newDeadline: "2027-12-31" });
		await provesAtomic(
			outboxOf("matter.approve_extension"),
			() => actOnMatter(as("gov_liaison"), matterId, "approve_extension", { text: "同意" }),
			["matter_updates", "decided_matters", "audit_events", "notifications", "outbox"],
		);
		const matter = await db.owner
			.selectFrom("decided_matters")
			.select(["deadline", "original_deadline"])
			.where("id", "=", matterId)
			.executeTakeFirstOrThrow();
		expect(matter).toEqual({ deadline: "2027-12-31", original_deadline: "2027-06-30" });
	});

	it("a 督办's written reply by the lead department (supervision_replies)", async () => {
		await actOnMatter(as("gov_office"), matterId, "supervision", { text: "请书面说明进度", replyBy: "2030-01-31" });
		const notice = await db.owner
			.selectFrom("matter_updates")
			.select("id")
			.where("matter_id", "=", matterId)
			.where("kind", "=", "supervision")
			.executeTakeFirstOrThrow();
		expect(
			await provesAtomic(
				outboxOf("matter.supervision_replied"),
				() => replyToSupervision(as("department_liaison"), matterId, notice.id, "方案已报政府常务会"),
				["supervision_replies", "audit_events", "notifications", "outbox"],
			),
		).toEqual({ replied: notice.id });
	});

	it("the first side's agreement to release the results publicly (public_releases)", async () => {
		expect(
			await provesAtomic(outboxOf("meeting.release_awaited"), () => agreeToRelease(as("union_chair"), meetingId), [
				"public_releases",
				"audit_events",
				"notifications",
				"outbox",
			]),
		).toEqual({ side: "union", published: false });
	});
});

describe("people and directory changes commit with their audit event and outbox row, or not at all", () => {
	it("member invitation: the invitation and its mail (outbox) go with the audit event", async () => {
		const input = { email: `new-${uniqueSuffix()}@test.example`, displayName: "新成员", roles: ["viewer"] as Role[] };
		const result = await provesAtomic(auditOf("member.invited"), () => addMember(as("admin"), input), [
			"invitations",
			"outbox",
			"audit_events",
		]);
		expect(result.ok).toBe(true);
	});

	it("member invitation: a failing outbox row leaves no invitation", async () => {
		const input = { email: `new-${uniqueSuffix()}@test.example`, displayName: "新成员", roles: ["viewer"] as Role[] };
		await provesAtomic(outboxTopic("invitation.created"), () => addMember(as("admin"), input), [
			"invitations",
			"outbox",
			"audit_events",
		]);
	});

	it("a member's 职务 (memberships) goes with its audit event", async () => {
		await provesAtomic(
			auditOf("member.title_changed"),
			() => setMemberTitle(as("admin"), as("gov_head").actor.userId, "县长"),
			["memberships", "audit_events"],
		);
	});

	it("department liaison binding", async () => {
		const department = await addDepartment(as("admin"), {
			name: "财政局",
			side: "gov",
			category: "functional",
			sortOrder: 1,
		});
		if (!department.ok) throw new Error("department");
		const liaison = await createMember(db, tenant.id, ["department_liaison"]);
		expect(
			await provesAtomic(
				auditOf("department.liaison_bound"),
				() => bindLiaison(as("admin"), department.id, liaison.id),
				["department_liaisons", "audit_events"],
			),
		).toEqual({ ok: true, id: department.id });
	});
});

describe("report requests (issue #22) commit with their audit event and the units' notice, or not at all", () => {
	it("a request, its targets, 催报, 退回 and 通过 in the requesting unit", async () => {
		const child = await createTenant(db, { kind: "county", parentId: tenant.id });
		const childStaff = await createActorOptions(db, child, ["gov_office"]);
		const childHead = await createActorOptions(db, child, ["gov_head"]);
		const input = {
			title: "原子性报送",
			instructions: "",
			kind: "form" as const,
			period: { kind: "once" as const, year: null, index: null },
			dueOn: "2099-01-31",
			scope: "children" as const,
			fields: [
				{
					key: "f1",
					label: "数",
					type: "integer" as const,
					required: true,
					min: 0,
					max: null,
					unit: null,
					growthRatio: null,
				},
			],
			recurrence: "none" as const,
		};
		const made = await provesAtomic(outboxTopic("report.notify"), () => createReportRequest(as("union_staff"), input), [
			"report_requests",
			"report_targets",
			"audit_events",
			"outbox",
		]);
		expect(made.targets).toBe(1);
		expect(
			await provesAtomic(outboxTopic("report.notify"), () => urgeReports(as("union_staff"), made.id), [
				"audit_events",
				"outbox",
			]),
		).toEqual({ units: 1 });
		await saveReportDraft(childStaff, made.id, { values: { f1: 1 }, explanations: {} });
		await approveAndReport(childHead, made.id);
		expect(
			await provesAtomic(
				outboxTopic("report.notify"),
				() => returnReport(as("union_staff"), made.id, child.id, { reason: "请核实" }),
				["report_submissions", "report_targets", "audit_events", "outbox"],
			),
		).toEqual({ status: "returned" });
		await saveReportDraft(childStaff, made.id, { values: { f1: 2 }, explanations: {} });
		await approveAndReport(childHead, made.id);
		expect(
			await provesAtomic(outboxTopic("report.notify"), () => acceptReport(as("union_staff"), made.id, child.id), [
				"report_submissions",
				"report_targets",
				"audit_events",
				"outbox",
			]),
		).toEqual({ status: "accepted" });
	});
});
