import { beforeAll, describe, expect, it } from "vitest";
import type { ReportField } from "#app/domain/report-requests/report-fields.ts";
import { createReportRequest } from "#app/domain/report-requests/report-request-actions.server.ts";
import { returnReport } from "#app/domain/report-requests/report-review-actions.server.ts";
import {
	approveAndReport,
	askReportApproval,
	saveReportDraft,
} from "#app/domain/report-requests/report-submission-actions.server.ts";
import { reviewSteps } from "#app/routes/report-requests/steps.server.ts";
import type { Role } from "#db/schema.ts";
import {
	createActorOptions,
	createTenant,
	openIntegrationDatabase,
	type TenantFixture,
} from "#tests/support/integration-db.ts";

/**
 * 退回 with comments at the fields: a comment over 500 characters is refused at its field by the
 * step's schema (what was typed given back, nothing saved), never cut; one of exactly 500 characters
 * (counted as people count them: 😀 is one) is kept whole. The use case refuses too, for a caller
 * that skips the form.
 */
const db = await openIntegrationDatabase(4);
const staff: Role[] = ["gov_office"];
const leader: Role[] = ["gov_head"];
const fields: ReportField[] = [
	{ key: "f1", label: "维权案件数", type: "integer", required: true, min: 0, max: null, unit: "件", growthRatio: null },
];

type Options = Awaited<ReturnType<typeof createActorOptions>>;
let city: TenantFixture;
let county: TenantFixture;
let cityStaff: Options;
let requestId: string;
const noFiles = {
	put: async (): Promise<string> => {
		throw new Error("a 退回 stores no file");
	},
};

async function state() {
	const target = await db.owner
		.selectFrom("report_targets")
		.select(["status", "version"])
		.where("request_id", "=", requestId)
		.where("unit_id", "=", county.id)
		.executeTakeFirstOrThrow();
	const submission = await db.owner
		.selectFrom("report_submissions")
		.select(["state", "field_comments", "return_reason"])
		.where("request_id", "=", requestId)
		.where("unit_id", "=", county.id)
		.where("version", "=", target.version)
		.executeTakeFirstOrThrow();
	return { status: target.status, ...submission };
}

const returnForm = (comment: string) => {
	const form = new FormData();
	form.set("intent", "return");
	form.set("reason", "案件数与台账不符");
	form.set("comment.f1", comment);
	return form;
};

const perform = (form: FormData) =>
	reviewSteps.return.perform(form, { options: cityStaff, requestId, unitId: county.id, fields }, noFiles);

beforeAll(async () => {
	city = await createTenant(db, { kind: "city" });
	county = await createTenant(db, { kind: "county", parentId: city.id });
	cityStaff = await createActorOptions(db, city, staff);
	const countyStaff = await createActorOptions(db, county, staff);
	const countyLeader = await createActorOptions(db, county, leader);
	const made = await createReportRequest(cityStaff, {
		title: "退回意见长度",
		instructions: "",
		kind: "form",
		period: { kind: "year", year: 2026, index: null },
		dueOn: "2099-12-31",
		scope: "children",
		fields,
		recurrence: "none",
	});
	requestId = made.id;
	await saveReportDraft(countyStaff, requestId, { values: { f1: 3 }, explanations: {} });
	await askReportApproval(countyStaff, requestId);
	await approveAndReport(countyLeader, requestId);
});

describe("a 退回's comment at a field", () => {
	it("of 501 characters is refused at that field, what was typed kept, nothing saved", async () => {
		const typed = `${"核".repeat(500)}对`;
		const outcome = await perform(returnForm(typed));
		expect(outcome.done).toBeNull();
		expect(outcome.result?.error?.["comment.f1"]).toEqual(["form.error.tooLong#500"]);
		expect(outcome.result?.initialValue?.comment).toEqual({ f1: typed });
		expect(outcome.result?.initialValue?.reason).toBe("案件数与台账不符");
		expect(await state()).toEqual({ status: "submitted", state: "submitted", field_comments: {}, return_reason: null });
	});

	it("is refused by the use case too, not cut, when a caller skips the form", async () => {
		await expect(
			returnReport(cityStaff, requestId, county.id, { reason: "x", fieldComments: { f1: "核".repeat(501) } }),
		).rejects.toThrow("form.error.tooLong#500");
		expect((await state()).status).toBe("submitted");
	});

	it("of exactly 500 characters (😀 counts one) is accepted and kept whole", async () => {
		const typed = "😀".repeat(500);
		const outcome = await perform(returnForm(typed));
		expect(outcome.done).toEqual({ key: "reportRequests.submission.returned" });
		const after = await state();
		expect(after.status).toBe("returned");
		expect(after.return_reason).toBe("案件数与台账不符");
		expect(after.field_comments).toEqual({ f1: typed });
		expect([...(after.field_comments.f1 ?? "")].length).toBe(500);
	});
});
