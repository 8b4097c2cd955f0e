import { describe, expect, inject, it } from "vitest";
import { openDatabase } from "#db/client.ts";
import { parseDatabaseEnv } from "#db/database-env.ts";
import { HttpClient } from "#tests/support/http-client.ts";

/**
 * The decisions of the notice over HTTP, each by the people it names (NOTICE P, O1, O2, O6; ADR 0014):
 * what is refused is refused in words or 403 and changes nothing; what is allowed keeps its words.
 */
async function client(email: string) {
	const c = new HttpClient();
	await c.signIn(email);
	return c;
}

const db = () => openDatabase({ env: parseDatabaseEnv({ DATABASE_URL: inject("databaseUrl") }) });

/** A new regular meeting of 渑池县, sent to the government side, by its union staff. */
async function requestedMeeting(staff: HttpClient) {
	const created = await staff.request("/t/mianchi/meetings/new", {
		form: { kind: "regular", reason: "研究年度重点事项", windowFrom: "2027-03-01", windowTo: "2027-03-31" },
	});
	expect(created.status).toBe(302);
	const path = created.headers.get("location") as string;
	expect((await staff.request(path, { form: { intent: "submit" } })).status).toBe(200);
	return path;
}

async function meetingRow(path: string) {
	const handle = await db();
	try {
		return await handle.owner
			.selectFrom("meetings")
			.select(["status", "accept_comment", "cancel_reason"])
			.where("id", "=", path.split("/").at(-1) as string)
			.executeTakeFirstOrThrow();
	} finally {
		await handle.close();
	}
}

describe("decisions keep their words and their rightful side (ADR 0014)", () => {
	it("a comment typed with 同意召开 is kept; a union chair cannot decline a regular meeting", async () => {
		const staff = await client("union_staff@mianchi.demo");
		const path = await requestedMeeting(staff);
		const chair = await client("union_chair@mianchi.demo");
		const declined = await chair.request(path, { form: { intent: "decline", reason: "不同意" } });
		expect(declined.status).toBe(403);
		// Without JavaScript the button asks first: nothing changes, the form comes back.
		const head = await client("gov_head@mianchi.demo");
		const asked = await head.request(path, { form: { intent: "accept", ask: "1", askKey: "accept" } });
		expect(asked.status).toBe(200);
		expect(await asked.text()).toContain("意见（可不填）");
		expect((await meetingRow(path)).status).toBe("requested");
		const accepted = await head.request(path, { form: { intent: "accept", comment: "同意，请补充职工代表意见" } });
		expect(accepted.status).toBe(200);
		expect(await meetingRow(path)).toMatchObject({ status: "accepted", accept_comment: "同意，请补充职工代表意见" });
		expect(await (await staff.request(path)).text()).toContain("同意召开时的意见：同意，请补充职工代表意见");
	});

	it("after acceptance the office cannot cancel, and a leader of each side must agree", async () => {
		const staff = await client("union_staff@mianchi.demo");
		const path = await requestedMeeting(staff);
		const head = await client("gov_head@mianchi.demo");
		await head.request(path, { form: { intent: "accept" } });
		const office = await client("gov_office@mianchi.demo");
		expect((await office.request(path, { form: { intent: "cancel", reason: "冲突" } })).status).toBe(403);
		expect((await staff.request(path, { form: { intent: "cancel", reason: "冲突" } })).status).toBe(403);
		expect((await meetingRow(path)).status).toBe("accepted");
		const first = await head.request(path, { form: { intent: "cancel", reason: "县里统一调整会期" } });
		expect(await first.text()).toContain("已请另一方领导表态");
		expect((await meetingRow(path)).status).toBe("accepted");
		const chair = await client("union_chair@mianchi.demo");
		await chair.request(path, { form: { intent: "cancel", reason: "同意调整" } });
		expect(await meetingRow(path)).toMatchObject({ status: "cancelled", cancel_reason: "县里统一调整会期\n同意调整" });
	});

	it("the government office cannot withdraw a union topic, nor grant itself a new deadline", async () => {
		const staff = await client("union_staff@mianchi.demo");
		const path = await requestedMeeting(staff);
		await (await client("gov_head@mianchi.demo")).request(path, { form: { intent: "accept" } });
		const proposed = await staff.request(path, {
			form: {
				intent: "propose_topic",
				category: "4",
				title: "快递员职业伤害保障",
				background: "",
				research: "",
				suggestions: "",
			},
		});
		expect(proposed.status).toBe(200);
		const handle = await db();
		const topic = await handle.owner
			.selectFrom("topics")
			.select(["id", "proposed_side"])
			.where("meeting_id", "=", path.split("/").at(-1) as string)
			.where("title", "=", "快递员职业伤害保障")
			.executeTakeFirstOrThrow();
		expect(topic.proposed_side).toBe("union");
		const office = await client("gov_office@mianchi.demo");
		const refused = await office.request(path, {
			form: { intent: "withdraw_topic", topicId: topic.id, reason: "不必讨论" },
		});
		// Not this person's to do (P: the proposing side withdraws): 403, and the topic stays.
		expect(refused.status).toBe(403);
		const status = await handle.owner
			.selectFrom("topics")
			.select("status")
			.where("id", "=", topic.id)
			.executeTakeFirstOrThrow();
		expect(status.status).toBe("proposed");

		// O6: a deadline moves only when a government leader grants the office's request.
		const matter = await handle.owner
			.selectFrom("decided_matters as m")
			.innerJoin("tenants as t", "t.id", "m.tenant_id")
			.select(["m.id", "m.deadline"])
			.where("t.slug", "=", "mianchi")
			.where("m.status", "in", ["assigned", "in_progress"])
			.orderBy("m.seq")
			.executeTakeFirstOrThrow();
		await handle.close();
		const matterPath = `/t/mianchi/matters/${matter.id}`;
		const requested = await office.request(matterPath, {
			form: { intent: "extend", text: "资金未到位", newDeadline: "2028-12-31" },
		});
		expect(requested.status).toBe(200);
		expect((await office.request(matterPath, { form: { intent: "approve_extension", text: "" } })).status).toBe(403);
		const after = await db();
		try {
			const row = await after.owner
				.selectFrom("decided_matters")
				.select("deadline")
				.where("id", "=", matter.id)
				.executeTakeFirstOrThrow();
			expect(row.deadline).toBe(matter.deadline);
		} finally {
			await after.close();
		}
		const liaison = await client("gov_liaison@mianchi.demo");
		await liaison.request(matterPath, { form: { intent: "approve_extension", text: "同意" } });
		const granted = await db();
		try {
			expect(
				await granted.owner
					.selectFrom("decided_matters")
					.select(["deadline", "original_deadline"])
					.where("id", "=", matter.id)
					.executeTakeFirstOrThrow(),
			).toEqual({ deadline: "2028-12-31", original_deadline: matter.deadline });
		} finally {
			await granted.close();
		}
	});
});
