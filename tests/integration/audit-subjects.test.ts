import { beforeAll, describe, expect, it } from "vitest";
import { listAuditEvents } from "#app/domain/audit/read-audit.server.ts";
import type { Role } from "#db/schema.ts";
import {
	createActorOptions,
	createTenant,
	openIntegrationDatabase,
	type TenantFixture,
} from "#tests/support/integration-db.ts";
import { holdMeeting } from "#tests/support/meeting-fixtures.ts";

/** Issue 21, item 4: each audit event's subject named by its title and linked, found per type. */
const db = await openIntegrationDatabase();
let tenant: TenantFixture;
let meetingId = "";
const actors = new Map<Role, Awaited<ReturnType<typeof createActorOptions>>>();
const as = (role: Role) => {
	const actor = actors.get(role);
	if (!actor) throw new Error(`no ${role}`);
	return actor;
};
const ids = { minutes: "", matter: "", department: "" };
const gone = "00000000-0000-4000-8000-000000000000";
const longContent =
	"建设户外劳动者服务站点，为快递员、外卖骑手等新就业形态劳动者提供歇脚、饮水、充电、如厕等服务，年内覆盖全部乡镇";

async function audit(action: string, entityType: string, entityId: string) {
	await db.owner
		.insertInto("audit_events")
		.values({ tenant_id: tenant.id, action, entity_type: entityType, entity_id: entityId })
		.execute();
}

const read = (filter: { entity?: string; action?: string } = {}) =>
	listAuditEvents(db.app, { userId: as("admin").actor.userId, tenantId: tenant.id, slug: tenant.slug }, filter);

beforeAll(async () => {
	tenant = await createTenant(db);
	for (const role of ["admin", "union_staff", "union_chair", "gov_head", "gov_liaison", "gov_office"] as Role[]) {
		actors.set(role, await createActorOptions(db, tenant, [role]));
	}
	meetingId = await holdMeeting(db, as, 2025);
	const department = await db.owner
		.insertInto("departments")
		.values({ tenant_id: tenant.id, name: "市人力资源和社会保障局", side: "gov", category: "functional" })
		.returning("id")
		.executeTakeFirstOrThrow();
	const minutes = await db.owner
		.insertInto("minutes")
		.values({ tenant_id: tenant.id, meeting_id: meetingId, number_year: 2025, number_seq: 3 })
		.returning("id")
		.executeTakeFirstOrThrow();
	const matter = await db.owner
		.insertInto("decided_matters")
		.values({
			tenant_id: tenant.id,
			minutes_id: minutes.id,
			meeting_id: meetingId,
			seq: 1,
			content: longContent,
			lead_department_id: department.id,
			co_department_ids: [],
			deadline: "2025-12-31",
		})
		.returning("id")
		.executeTakeFirstOrThrow();
	Object.assign(ids, { minutes: minutes.id, matter: matter.id, department: department.id });
	await audit("minutes.issue", "minutes", minutes.id);
	await audit("matter.extend", "decided_matter", matter.id);
	await audit("department.added", "department", department.id);
	await audit("meeting.hold", "meeting", gone);
	await audit("meeting.teleported", "meeting", meetingId);
});

describe("audit subjects by title (issue 21, item 4)", () => {
	it("a meeting by its generated title, linking to its page", async () => {
		const held = (await read({ action: "meeting.hold" })).find((e) => e.entityId === meetingId);
		expect(held?.subject).toEqual({
			name: { kind: "meeting", title: `${tenant.slug} 人民政府与${tenant.slug} 总工会2025年度联席会议` },
			href: `/t/${tenant.slug}/meetings/${meetingId}`,
		});
	});

	it("a step on a topic names the topic too, linking to the meeting's topics", async () => {
		const agreed = await read({ action: "meeting.agree_topic" });
		const topics = agreed.map((e) => e.topic?.name);
		expect(topics).toContainEqual({ kind: "topic", title: "议题", auto: false });
		expect(agreed.every((e) => e.topic?.href === `/t/${tenant.slug}/meetings/${meetingId}#topics`)).toBe(true);
	});

	it("minutes by number, a matter by an excerpt of its content, a department by name", async () => {
		const events = await read();
		const subject = (id: string) => events.find((e) => e.entityId === id)?.subject;
		expect(subject(ids.minutes)).toEqual({
			name: {
				kind: "minutes",
				number: "联席会议纪要〔2025〕3号",
				meeting: `${tenant.slug} 人民政府与${tenant.slug} 总工会2025年度联席会议`,
			},
			href: `/t/${tenant.slug}/meetings/${meetingId}/minutes`,
		});
		expect(subject(ids.matter)).toEqual({
			name: { kind: "matter", content: `${longContent.slice(0, 40)}…` },
			href: `/t/${tenant.slug}/matters/${ids.matter}`,
		});
		expect(subject(ids.department)).toEqual({
			name: { kind: "name", name: "市人力资源和社会保障局" },
			href: `/t/${tenant.slug}/departments/${ids.department}`,
		});
	});

	it("a subject that is not there is named by nothing (the page then names its type); another unit sees none", async () => {
		expect((await read({ entity: gone }))[0]?.subject).toBeNull();
		const other = await createTenant(db);
		const outsider = await createActorOptions(db, other, ["admin"]);
		const seen = await listAuditEvents(
			db.app,
			{ userId: outsider.actor.userId, tenantId: other.id, slug: other.slug },
			{ entity: meetingId },
		);
		expect(seen).toEqual([]);
	});
});
