import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { readSummaryPage } from "#app/domain/report-requests/read-summary-page.server.ts";
import type { ReportField } from "#app/domain/report-requests/report-fields.ts";
import { reviseReportForm } from "#app/domain/report-requests/report-form-versions.server.ts";
import { createReportRequest } from "#app/domain/report-requests/report-request-actions.server.ts";
import { acceptReport, returnReport } from "#app/domain/report-requests/report-review-actions.server.ts";
import {
	approveAndReport,
	askReportApproval,
	saveReportDraft,
	withdrawReport,
} from "#app/domain/report-requests/report-submission-actions.server.ts";
import type { Role } from "#db/schema.ts";
import {
	createActorOptions,
	createTenant,
	openIntegrationDatabase,
	type TenantFixture,
} from "#tests/support/integration-db.ts";

/**
 * A report request's kept sums (migration 2026-12-08T1100, issue #25): after twelve units report at
 * the same moment, after returns, acceptances and withdrawals racing each other, and after the form
 * changes, the rows the database kept are the rows it computes again from the reports; the summary
 * page read from them agrees with independent SQL, and an overseeing unit's own report is not in its
 * own summary.
 */
const db = await openIntegrationDatabase(6);
type Options = Awaited<ReturnType<typeof createActorOptions>>;
const staff: Role[] = ["gov_office"];
const leader: Role[] = ["gov_head"];

const fields: ReportField[] = [
	{ key: "cases", label: "案件数", type: "integer", required: true, min: 0, max: null, unit: "件", growthRatio: null },
	{
		key: "amount",
		label: "金额",
		type: "decimal",
		required: false,
		min: 0,
		max: null,
		unit: "万元",
		growthRatio: null,
		scale: 2,
	},
	{ key: "level", label: "自评", type: "choice", required: false, choices: ["好", "较好", "一般"] },
	{ key: "system", label: "建立制度", type: "yes_no", required: true },
];

let city: TenantFixture;
const counties: TenantFixture[] = [];
const units: TenantFixture[] = [];
const people = new Map<string, { staff: Options; leader: Options }>();
let requestId: string;

const actorOf = (o: Options | undefined) => ({
	userId: o?.actor.userId as string,
	tenantId: o?.actor.membership.tenant.id as string,
});

const valuesOf = (i: number) => ({
	cases: i * 3,
	amount: i % 3 === 0 ? null : i * 1.25,
	level: ["好", "较好", "一般"][i % 3] as string,
	system: i % 2 === 0,
});

/** The request's kept rows, in a stable order (rows of no unit left out: they sum to nothing). */
async function kept() {
	const { rows } = await sql<{ unit_id: string; units: number; groups: number; figures: Record<string, number> }>`
		select unit_id, units, groups, figures from report_sums
		where request_id = ${requestId} and units > 0 order by unit_id`.execute(db.owner);
	return rows;
}

/** The same rows computed again from the reports, inside a transaction that is rolled back. */
async function recomputed() {
	return db.owner
		.transaction()
		.execute(async (tx) => {
			await sql`select report_sums_rebuild(${city.id}::uuid, ${requestId}::uuid)`.execute(tx);
			const { rows } = await sql<{ unit_id: string; units: number; groups: number; figures: Record<string, number> }>`
			select unit_id, units, groups, figures from report_sums
			where request_id = ${requestId} and units > 0 order by unit_id`.execute(tx);
			// Thrown, so that the transaction rolls the recomputation back; the rows go with it.
			throw Object.assign(new Error("rolled back"), { rows });
		})
		.catch((error: { rows?: unknown }) => {
			if (!error.rows) throw error;
			return error.rows as Awaited<ReturnType<typeof kept>>;
		});
}

async function reportAll(list: TenantFixture[]) {
	await Promise.all(
		list.map(async (u) => {
			const i = units.indexOf(u) + 1;
			const who = people.get(u.id);
			if (!who) throw new Error("no people");
			await saveReportDraft(who.staff, requestId, { values: valuesOf(i), explanations: {} });
			await askReportApproval(who.staff, requestId);
		}),
	);
	// The leaders' 上报 at the same moment: twelve writers of the same ancestors' rows.
	await Promise.all(list.map((u) => approveAndReport(people.get(u.id)?.leader as Options, requestId)));
}

beforeAll(async () => {
	city = await createTenant(db, { kind: "city" });
	for (let c = 0; c < 4; c++) {
		const county = await createTenant(db, { kind: "county", parentId: city.id });
		counties.push(county);
		units.push(county);
		for (let a = 0; a < 2; a++) units.push(await createTenant(db, { kind: "industry", parentId: county.id }));
	}
	for (const u of [city, ...units])
		people.set(u.id, {
			staff: await createActorOptions(db, u, staff),
			leader: await createActorOptions(db, u, leader),
		});
	const made = await createReportRequest(people.get(city.id)?.staff as Options, {
		title: "汇总保持测试",
		instructions: "",
		kind: "form",
		period: { kind: "year", year: 2026, index: null },
		dueOn: "2099-12-31",
		scope: "descendants",
		fields,
		recurrence: "none",
	});
	requestId = made.id;
});

describe("report request sums kept by the database", () => {
	it("twelve units reporting at once leave the rows a recomputation gives, and the page sums what SQL sums", async () => {
		expect(units).toHaveLength(12);
		await reportAll(units);
		const rows = await kept();
		expect(rows).toEqual(await recomputed());
		// The city's row: all twelve, its four counties as groups.
		const top = rows.find((r) => r.unit_id === city.id);
		expect([top?.units, top?.groups]).toEqual([12, 4]);
		const page = await readSummaryPage(db.app, actorOf(people.get(city.id)?.staff), requestId, "2026-12-05", {
			groups: { limit: 2, offset: 0 },
			missing: { limit: 5, offset: 0 },
		});
		const { rows: sums } = await sql<{ cases: string; amount: string; answered: number }>`
			select sum((s.values ->> 'cases')::numeric) as cases, sum(round((s.values ->> 'amount')::numeric, 2)) as amount,
				count(*) filter (where jsonb_typeof(s.values -> 'amount') = 'number')::int as answered
			from report_submissions s join report_targets t on t.tenant_id = s.tenant_id and t.request_id = s.request_id
				and t.unit_id = s.unit_id and t.version = s.version
			where s.request_id = ${requestId} and s.state in ('submitted', 'accepted')`.execute(db.owner);
		expect(page?.overall.units).toBe(12);
		expect(page?.overall.fields.cases).toMatchObject({ sum: Number(sums[0]?.cases), count: 12 });
		expect(page?.overall.fields.amount).toMatchObject({
			sum: Number(sums[0]?.amount),
			count: sums[0]?.answered,
		});
		expect(page?.overall.fields.system).toMatchObject({
			counts: [
				{ option: "yes", count: 6 },
				{ option: "no", count: 6 },
			],
		});
		expect([page?.groupCount, page?.groups.length]).toEqual([4, 2]);
		// A county's line: itself and its two associations (1..3 → cases 3+6+9).
		const first = counties[0] as TenantFixture;
		const sorted = [...counties].sort((x, y) => (x.id < y.id ? -1 : 1));
		expect(page?.groups.map((g) => g.groupId)).toEqual(sorted.slice(0, 2).map((c) => c.id));
		const firstLine = (await kept()).find((r) => r.unit_id === first.id);
		expect([firstLine?.units, firstLine?.figures["s:cases"]]).toEqual([3, 18]);
	});

	it("returns, acceptances and withdrawals racing each other leave the rows a recomputation gives", async () => {
		const cityStaff = people.get(city.id)?.staff as Options;
		const [c1, a1, a2, c2, a3, a4, c3] = units as [TenantFixture, ...TenantFixture[]];
		await Promise.allSettled([
			returnReport(cityStaff, requestId, c1.id, { reason: "请核实" }),
			acceptReport(people.get(c1.id)?.staff as Options, requestId, a1?.id as string),
			returnReport(people.get(c1.id)?.staff as Options, requestId, a2?.id as string, { reason: "请补充" }),
			acceptReport(cityStaff, requestId, c2?.id as string),
			withdrawReport(people.get(a3?.id as string)?.staff as Options, requestId),
			withdrawReport(people.get(a4?.id as string)?.staff as Options, requestId),
			acceptReport(cityStaff, requestId, c3?.id as string),
		]);
		expect(await kept()).toEqual(await recomputed());
		// Reported again after the return: counted once, with its new values.
		await reportAll([c1]);
		expect(await kept()).toEqual(await recomputed());
	});

	it("a county that reported itself does not find its own report in its summary; a changed form sums again", async () => {
		const county = counties[1] as TenantFixture;
		const countyStaff = people.get(county.id)?.staff as Options;
		const paging = { groups: { limit: 10, offset: 0 }, missing: { limit: 10, offset: 0 } };
		const before = await readSummaryPage(db.app, actorOf(countyStaff), requestId, "2026-12-05", paging);
		const countyRow = (await kept()).find((r) => r.unit_id === county.id);
		expect(before?.overall.units).toBe((countyRow?.units ?? 0) - 1);
		expect(before?.groups.every((g) => g.groupId !== county.id)).toBe(true);
		// A new form: a field dropped, one added; the kept rows follow the new form.
		await reviseReportForm(people.get(city.id)?.staff as Options, requestId, [
			...fields.filter((f) => f.key !== "level"),
			{ key: "note", label: "说明", type: "yes_no", required: false },
		]);
		const rows = await kept();
		expect(rows).toEqual(await recomputed());
		expect(rows.some((r) => Object.keys(r.figures).some((k) => k.startsWith("o:level:")))).toBe(false);
	});
});
