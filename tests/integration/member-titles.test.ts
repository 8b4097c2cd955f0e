import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "#app/domain/app-error.ts";
import { hashPassword } from "#app/domain/auth/password.server.ts";
import { addDepartment, bindLiaison } from "#app/domain/directory/manage-departments.server.ts";
import { createMeeting } from "#app/domain/meetings/create-meeting.server.ts";
import { acceptMeeting, submitMeeting } from "#app/domain/meetings/meeting-transitions.server.ts";
import { readPreparation } from "#app/domain/meetings/read-preparation.server.ts";
import { addAttendee, recordLeave } from "#app/domain/meetings/roster-actions.server.ts";
import { recordHeld, scheduleMeeting } from "#app/domain/meetings/schedule-actions.server.ts";
import { agreeTopic, proposeTopic } from "#app/domain/meetings/topic-actions.server.ts";
import { saveMinutes } from "#app/domain/minutes/minutes-actions.server.ts";
import { minutesDocxFile } from "#app/domain/minutes/minutes-docx-file.server.ts";
import { setMemberTitle } from "#app/domain/people/member-title.server.ts";
import { memberTitleSchema } from "#app/domain/people/member-title.ts";
import { listMembers } from "#app/domain/people/read-members.server.ts";
import { localFileStore } from "#app/lib/file-store.server.ts";
import { openDatabase } from "#db/client.ts";
import { parseDatabaseEnv } from "#db/database-env.ts";
import { migrateToLatest } from "#db/migrate.ts";
import type { Role } from "#db/schema.ts";
import { seedDemo } from "#db/seed/seed-demo.ts";
import {
	createActorOptions,
	createTenant,
	openIntegrationDatabase,
	type TenantFixture,
} from "#tests/support/integration-db.ts";
import { readZipEntry } from "#tests/support/read-zip.ts";
import { createTestDatabase } from "#tests/support/test-databases.ts";

/**
 * People with their titles (O3, O5): a membership's 职务 is set by the unit's administrator, bounded by
 * the database, invisible to other units; the roster names members "姓名（职务）", and the minutes'
 * Word file lists 出席, 请假, 列席 and 邀请 with titles, departments and units.
 */
const db = await openIntegrationDatabase();
type Options = Awaited<ReturnType<typeof createActorOptions>>;

let tenant: TenantFixture;
let other: TenantFixture;
const people = new Map<Role, Options>();
const as = (role: Role) => people.get(role) as Options;
const userOf = (role: Role) => as(role).actor.userId;
const drops: (() => Promise<void>)[] = [];
afterAll(async () => {
	for (const drop of drops) await drop();
});

const names: Partial<Record<Role, string>> = {
	admin: "孙丽",
	gov_head: "陈国华",
	gov_liaison: "王志强",
	gov_office: "周敏",
	union_chair: "刘芳",
	union_staff: "吴婷",
	department_liaison: "赵敏",
};

async function titleOf(userId: string, tenantId = tenant.id) {
	const row = await db.owner
		.selectFrom("memberships")
		.select("title")
		.where("tenant_id", "=", tenantId)
		.where("user_id", "=", userId)
		.executeTakeFirstOrThrow();
	return row.title;
}

beforeAll(async () => {
	tenant = await createTenant(db, { kind: "county" });
	other = await createTenant(db, { kind: "county" });
	for (const [role, name] of Object.entries(names) as [Role, string][]) {
		const options = await createActorOptions(db, tenant, [role]);
		people.set(role, options);
		await db.owner.updateTable("users").set({ display_name: name }).where("id", "=", options.actor.userId).execute();
	}
});

describe("a member's 职务", () => {
	it("is set by the administrator, trimmed, audited with before and after, and listed with the member", async () => {
		await setMemberTitle(as("admin"), userOf("gov_head"), "  县长 ");
		expect(await titleOf(userOf("gov_head"))).toBe("县长");
		const listed = await listMembers(db.app, { userId: userOf("admin"), tenantId: tenant.id });
		expect(listed.find((m) => m.id === userOf("gov_head"))?.title).toBe("县长");
		const audit = await db.owner
			.selectFrom("audit_events")
			.select(["before", "after", "actor_user_id"])
			.where("tenant_id", "=", tenant.id)
			.where("action", "=", "member.title_changed")
			.where("entity_id", "=", userOf("gov_head"))
			.execute();
		expect(audit).toEqual([{ before: { title: null }, after: { title: "县长" }, actor_user_id: userOf("admin") }]);
	});

	it("is cleared by an empty field", async () => {
		await setMemberTitle(as("admin"), userOf("gov_office"), "临时职务");
		expect(await titleOf(userOf("gov_office"))).toBe("临时职务");
		const parsed = memberTitleSchema.parse({});
		expect(parsed.title).toBeUndefined();
		await setMemberTitle(as("admin"), userOf("gov_office"), parsed.title ?? null);
		expect(await titleOf(userOf("gov_office"))).toBeNull();
	});

	it("is refused over 40 characters by the form and by the database", async () => {
		const forty = "县".repeat(40);
		expect(memberTitleSchema.safeParse({ title: forty }).success).toBe(true);
		const refused = memberTitleSchema.safeParse({ title: `${forty}长` });
		expect(refused.success).toBe(false);
		expect(refused.error?.issues.map((i) => i.message)).toEqual(["form.error.tooLong#40"]);
		// Past the form, the column's check refuses it too, and nothing changes.
		await setMemberTitle(as("admin"), userOf("union_staff"), "县总工会办公室主任");
		await expect(setMemberTitle(as("admin"), userOf("union_staff"), `${forty}长`)).rejects.toThrow(
			/memberships_title_length/,
		);
		expect(await titleOf(userOf("union_staff"))).toBe("县总工会办公室主任");
		await setMemberTitle(as("admin"), userOf("union_staff"), forty);
		expect(await titleOf(userOf("union_staff"))).toBe(forty);
	});

	it("is the administrator's alone, and another unit's administrator cannot reach this unit's members", async () => {
		await expect(setMemberTitle(as("union_staff"), userOf("gov_head"), "市长")).rejects.toThrow(
			new AppError("forbidden"),
		);
		const outsider = await createActorOptions(db, other, ["admin"]);
		await expect(setMemberTitle(outsider, userOf("gov_head"), "市长")).rejects.toThrow(new AppError("not_found"));
		expect(await titleOf(userOf("gov_head"))).toBe("县长");
		const seenOutside = await listMembers(db.app, { userId: outsider.actor.userId, tenantId: other.id });
		expect(seenOutside.map((m) => m.title)).toEqual([null]);
	});
});

describe("the roster and the minutes name people with their titles and units", () => {
	let meetingId: string;

	beforeAll(async () => {
		await setMemberTitle(as("admin"), userOf("gov_liaison"), "副县长");
		await setMemberTitle(as("admin"), userOf("union_chair"), "县总工会主席");
		const hr = await addDepartment(as("admin"), {
			name: "县人力资源和社会保障局",
			side: "gov",
			category: "functional",
			sortOrder: 0,
		});
		const finance = await addDepartment(as("admin"), {
			name: "县财政局",
			side: "gov",
			category: "functional",
			sortOrder: 1,
		});
		if (!hr.ok || !finance.ok) throw new Error("departments");
		// The liaison has no 职务: the department they liaise for names them.
		await bindLiaison(as("admin"), hr.id, userOf("department_liaison"));
		const meeting = await createMeeting({
			...as("union_staff"),
			proposal: { kind: "regular", reason: "例会", windowFrom: "2025-03-01", windowTo: "2025-03-31" },
		});
		meetingId = meeting.id;
		await submitMeeting(as("union_staff"), meetingId);
		await acceptMeeting(as("gov_head"), meetingId);
		await proposeTopic(as("union_staff"), meetingId, {
			category: 4,
			title: "议题",
			background: "",
			research: "",
			suggestions: "",
		});
		const topics = await db.owner.selectFrom("topics").select("id").where("meeting_id", "=", meetingId).execute();
		for (const topic of topics) {
			await agreeTopic(as("gov_liaison"), meetingId, topic.id);
			await agreeTopic(as("union_chair"), meetingId, topic.id);
		}
		const staff = as("union_staff");
		for (const role of ["gov_head", "union_chair", "gov_liaison"] as Role[]) {
			await addAttendee(staff, meetingId, { source: "member", capacity: "attend", userId: userOf(role) });
		}
		await recordLeave(as("gov_head"), meetingId, { userId: userOf("gov_liaison"), reason: "外出学习" });
		await addAttendee(staff, meetingId, {
			source: "department",
			capacity: "sit_in",
			departmentId: hr.id,
			name: "李强",
		});
		await addAttendee(staff, meetingId, {
			source: "department",
			capacity: "sit_in",
			departmentId: finance.id,
			name: "张伟",
		});
		await addAttendee(staff, meetingId, {
			source: "member",
			capacity: "sit_in",
			userId: userOf("department_liaison"),
		});
		await addAttendee(staff, meetingId, {
			source: "guest",
			capacity: "invited",
			name: "王师傅",
			organisation: "县快递网点",
			guestType: "worker_representative",
		});
		await scheduleMeeting(as("gov_office"), meetingId, {
			start: new Date("2025-03-20T01:00:00Z"),
			end: new Date("2025-03-20T03:00:00Z"),
			place: "县政府第一会议室",
		});
		const roster = await db.owner
			.selectFrom("attendees")
			.select(["id", "guest_name", "user_id"])
			.where("meeting_id", "=", meetingId)
			.execute();
		const idOf = (match: (a: (typeof roster)[number]) => boolean) => roster.find(match)?.id as string;
		await recordHeld(as("gov_office"), meetingId, {
			heldOn: "2025-03-20",
			marks: [
				{
					attendeeId: idOf((a) => a.user_id === userOf("gov_liaison")),
					presence: "absent",
					absenceReason: "外出学习",
					substitute: null,
				},
				{
					attendeeId: idOf((a) => a.guest_name === "张伟"),
					presence: "absent",
					absenceReason: "出差",
					substitute: null,
				},
			],
		});
		await saveMinutes(as("union_staff"), meetingId, {
			presidedBy: "陈国华",
			body: "会议研究了议题。",
			matters: [{ content: "开展试点", leadDepartmentId: hr.id, coDepartmentIds: [], deadline: "2025-12-31" }],
		});
	});

	it("the meeting page's roster and picker carry each member's 职务, or a liaison's department", async () => {
		const preparation = await readPreparation(
			db.app,
			{ userId: userOf("union_staff"), tenantId: tenant.id },
			meetingId,
			"2025-03-21",
		);
		const shown = preparation.attendees.map((a) => [a.name, a.title, a.department, a.organisation]);
		expect(shown).toEqual([
			["陈国华", "县长", null, null],
			["刘芳", "县总工会主席", null, null],
			["王志强", "副县长", null, null],
			["李强", null, "县人力资源和社会保障局", null],
			["张伟", null, "县财政局", null],
			["赵敏", "县人力资源和社会保障局", null, null],
			["王师傅", null, null, "县快递网点"],
		]);
		const picker = new Map(preparation.members.map((m) => [m.name, m.title]));
		expect(picker.get("陈国华")).toBe("县长");
		expect(picker.get("赵敏")).toBe("县人力资源和社会保障局");
		expect(picker.get("周敏")).toBeNull();
	});

	it("the Word minutes list 出席, 请假, 列席 and 邀请 with titles, departments and units; nobody absent is dropped", async () => {
		const file = await minutesDocxFile(db.app, { userId: userOf("union_staff"), tenantId: tenant.id }, meetingId);
		if (!file) throw new Error("no minutes file");
		const xml = readZipEntry(file.bytes, "word/document.xml");
		const paragraphs = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) =>
			[...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(""),
		);
		const roster = paragraphs.filter((p) => /^(出席|请假|列席|邀请)：/.test(p));
		expect(roster).toEqual([
			"出席：陈国华（县长）、刘芳（县总工会主席）",
			"请假：王志强（副县长）、张伟（县财政局）",
			"列席：李强（县人力资源和社会保障局）、赵敏（县人力资源和社会保障局）",
			"邀请：王师傅（县快递网点）",
		]);
	});
});

describe("the demo", () => {
	it("seeds each demo member's 职务 for the unit, and a liaison is named by their department", async () => {
		const target = await createTestDatabase("seed_titles");
		drops.push(target.drop);
		const env = parseDatabaseEnv({ DATABASE_URL: target.url, DATA_DIR: path.join("/tmp", target.name) });
		const seeded = await openDatabase({ env });
		try {
			await migrateToLatest(seeded.owner);
			await seedDemo(seeded.owner, { hashPassword, files: localFileStore(path.join(env.DATA_DIR, "files")) });
			const titles = await seeded.owner
				.selectFrom("memberships as m")
				.innerJoin("users as u", "u.id", "m.user_id")
				.select(["u.email", "m.title"])
				.where("u.email", "in", [
					"gov_head@mianchi.demo",
					"gov_liaison@mianchi.demo",
					"gov_deputy_secretary@mianchi.demo",
					"union_chair@mianchi.demo",
					"gov_head@smx.demo",
					"gov_liaison@hubin.demo",
					"gov_head@kaifaqu.demo",
					"gov_head@kuaidi.demo",
					"department_liaison@mianchi.demo",
				])
				.orderBy("u.email")
				.execute();
			expect(titles).toEqual([
				{ email: "department_liaison@mianchi.demo", title: null },
				{ email: "gov_deputy_secretary@mianchi.demo", title: "县政府副秘书长" },
				{ email: "gov_head@kaifaqu.demo", title: "管委会主任" },
				{ email: "gov_head@kuaidi.demo", title: "会长" },
				{ email: "gov_head@mianchi.demo", title: "县长" },
				{ email: "gov_head@smx.demo", title: "市长" },
				{ email: "gov_liaison@hubin.demo", title: "副区长" },
				{ email: "gov_liaison@mianchi.demo", title: "副县长" },
				{ email: "union_chair@mianchi.demo", title: "县总工会主席" },
			]);
			// Seeding again changes nothing (idempotent), a title an administrator changed included.
			await seeded.owner
				.updateTable("memberships")
				.set({ title: "常务副县长" })
				.where(
					"user_id",
					"=",
					seeded.owner.selectFrom("users").select("id").where("email", "=", "gov_liaison@mianchi.demo"),
				)
				.execute();
			await seedDemo(seeded.owner, { hashPassword, files: localFileStore(path.join(env.DATA_DIR, "files")) });
			const again = await seeded.owner
				.selectFrom("memberships as m")
				.innerJoin("users as u", "u.id", "m.user_id")
				.select("m.title")
				.where("u.email", "=", "gov_liaison@mianchi.demo")
				.executeTakeFirstOrThrow();
			expect(again.title).toBe("常务副县长");
		} finally {
			await seeded.close();
		}
	}, 120_000);
});
