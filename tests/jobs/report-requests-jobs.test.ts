import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createReportRequest } from "#app/domain/report-requests/report-request-actions.server.ts";
import { approveAndReport, saveReportDraft } from "#app/domain/report-requests/report-submission-actions.server.ts";
import { createActorOptions, createTenant } from "#tests/support/integration-db.ts";
import { jobContext, openOwnDatabase } from "#tests/support/jobs-fixtures.ts";
import { createMailer } from "#workers/email/mailer.ts";
import { OutboxRunner } from "#workers/in-process-runner.ts";
import { outboxCounts } from "#workers/outbox-store.ts";

/**
 * A report request's notices cross units through the outbox (topic report.notify): the in-process
 * runner writes each unit's notifications inside that unit, then emails them like any other, once.
 */
const own = await openOwnDatabase("reportjobs");
const { db } = own;
const mailDir = mkdtempSync(path.join(tmpdir(), "lianxi-report-mail-"));
const mailer = createMailer({ dataDir: mailDir, from: "联席通 <noreply@lianxi.example>" });
afterAll(async () => {
	mailer.close();
	await own.close();
	rmSync(mailDir, { recursive: true, force: true });
});

describe("report request notices through the outbox", () => {
	it("the request reaches each child's office staff; the 上报 reaches the city's staff; each email once", async () => {
		const city = await createTenant(db, { kind: "city" });
		const a = await createTenant(db, { kind: "county", parentId: city.id });
		const b = await createTenant(db, { kind: "county", parentId: city.id });
		const cityStaff = await createActorOptions(db, city, ["union_staff"]);
		const aStaff = await createActorOptions(db, a, ["gov_office"]);
		const aHead = await createActorOptions(db, a, ["gov_head"]);
		await createActorOptions(db, b, ["gov_office"]);
		const { id } = await createReportRequest(cityStaff, {
			title: "季度报送",
			instructions: "",
			kind: "form",
			period: { kind: "quarter", year: 2026, index: 4 },
			dueOn: "2099-01-15",
			scope: "children",
			fields: [
				{
					key: "f1",
					label: "案件数",
					type: "integer",
					required: true,
					min: 0,
					max: null,
					unit: null,
					growthRatio: null,
				},
			],
			recurrence: "quarter",
		});
		const runner = new OutboxRunner(jobContext(db, mailer));
		await runner.drain();
		const requested = await db.owner
			.selectFrom("notifications")
			.select(["tenant_id", "link"])
			.where("kind", "=", "report.requested")
			.execute();
		expect(requested.map((n) => n.tenant_id).sort()).toEqual([a.id, b.id].sort());
		expect(requested.find((n) => n.tenant_id === a.id)?.link).toBe(`/t/${a.slug}/report-requests/${id}/fill`);

		await saveReportDraft(aStaff, id, { values: { f1: 3 }, explanations: {} });
		await approveAndReport(aHead, id);
		await runner.drain();
		await runner.drain();
		const submitted = await db.owner
			.selectFrom("notifications")
			.select(["tenant_id", "user_id", "link"])
			.where("kind", "=", "report.submitted")
			.execute();
		expect(submitted).toEqual([
			{
				tenant_id: city.id,
				user_id: cityStaff.actor.userId,
				link: `/t/${city.slug}/report-requests/${id}/units/${a.id}`,
			},
		]);
		// A's request notice was settled by its 上报 (ADR 0015).
		const settled = await db.owner
			.selectFrom("notifications")
			.select("resolved_at")
			.where("kind", "=", "report.requested")
			.where("tenant_id", "=", a.id)
			.executeTakeFirstOrThrow();
		expect(settled.resolved_at).not.toBeNull();
		expect(await outboxCounts(db.owner)).toMatchObject({ pending: 0, failed: 0 });
		// Two request notices and one 上报 notice: three emails.
		const emails = readdirSync(mailDir, { recursive: true }).filter((f) => String(f).endsWith(".eml"));
		expect(emails).toHaveLength(3);
		const texts = emails.map((f) => readFileSync(path.join(mailDir, String(f)), "utf8"));
		expect(texts.some((t) => t.includes("report-requests"))).toBe(true);
	});
});
