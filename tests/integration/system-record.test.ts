import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { AppError } from "#app/domain/app-error.ts";
import { findReadableFile } from "#app/domain/files/read-file.server.ts";
import { listAdoptionRegister, registerFilterSchema } from "#app/domain/registry/adoption-register.server.ts";
import { readSystemHistory } from "#app/domain/systems/read-system.server.ts";
import { recordSystem } from "#app/domain/systems/record-system.server.ts";
import type { SystemRecordInput } from "#app/domain/systems/system-schema.ts";
import { localFileStore } from "#app/lib/file-store.server.ts";
import { runAs } from "#db/run-as.ts";
import type { Role, TenantKind } from "#db/schema.ts";
import {
	createActor,
	createTenant,
	openIntegrationDatabase,
	type TenantFixture,
} from "#tests/support/integration-db.ts";
import { fakeDocx, sampleDocx, samplePdf, samplePng } from "#tests/support/sample-documents.ts";

const db = await openIntegrationDatabase();
const files = localFileStore(path.join(mkdtempSync(path.join(tmpdir(), "lianxi-files-")), "files"));
const meta = { ip: "127.0.0.1", userAgent: "vitest", requestId: "system" };

const actorIn = (tenant: TenantFixture, roles: Role[]) => createActor(db, tenant, roles);

const input = (overrides: Partial<SystemRecordInput> = {}): SystemRecordInput => ({
	title: "关于印发政府与工会联席会议制度的通知",
	issuingBodies: "人民政府办公室",
	docNumber: "测政办〔2024〕4号",
	issuedOn: "2024-07-03",
	effectiveOn: "2024-07-03",
	supersedes: undefined,
	cadence: "yearly",
	leaders: [],
	...overrides,
});

const pdf = () => ({ bytes: samplePdf(), name: "制度.pdf" });

describe("recording the joint-meeting system (W1, E)", () => {
	let tenant: TenantFixture;
	let office: Awaited<ReturnType<typeof actorIn>>;
	beforeAll(async () => {
		tenant = await createTenant(db);
		office = await actorIn(tenant, ["gov_office"]);
	});

	it("is 未建立 until a document is recorded, then version 1 is current with its leaders and file", async () => {
		const before = await readSystemHistory(db.app, { userId: office.userId, tenantId: tenant.id });
		expect(before.current).toBeNull();
		const chair = await actorIn(tenant, ["union_chair"]);
		const result = await recordSystem({
			db: db.app,
			files,
			actor: office,
			input: input({ leaders: [`union_chair:${chair.userId}`] }),
			document: pdf(),
			meta,
		});
		expect(result).toMatchObject({ ok: true, version: 1 });
		const after = await readSystemHistory(db.app, { userId: office.userId, tenantId: tenant.id });
		expect(after.current).toMatchObject({
			version: 1,
			docNumber: "测政办〔2024〕4号",
			effectiveOn: "2024-07-03",
			fileName: "制度.pdf",
		});
		expect(after.leaders).toEqual([{ role: "union_chair", name: "测试用户" }]);
		const audit = await db.owner
			.selectFrom("audit_events")
			.select("action")
			.where("tenant_id", "=", tenant.id)
			.execute();
		expect(audit.map((a) => a.action)).toContain("system.recorded");
	});

	it("a revision supersedes the current version; the old one stays readable", async () => {
		const result = await recordSystem({
			db: db.app,
			files,
			actor: office,
			input: input({
				docNumber: "测政办文〔2025〕1号",
				issuedOn: "2025-01-10",
				effectiveOn: "2025-02-01",
				supersedes: "测政办〔2024〕4号",
			}),
			document: { bytes: sampleDocx(), name: "新制度.docx" },
			meta,
		});
		expect(result).toMatchObject({ ok: true, version: 2 });
		const history = await readSystemHistory(db.app, { userId: office.userId, tenantId: tenant.id });
		expect(history.current).toMatchObject({ version: 2, supersedes: "测政办〔2024〕4号" });
		expect(history.versions.map((v) => [v.version, v.supersededAt === null])).toEqual([
			[2, true],
			[1, false],
		]);
	});

	it.each([
		[{ bytes: samplePng(), name: "制度.pdf" }, "systems.error.fileNameMismatch"],
		[{ bytes: fakeDocx(), name: "制度.docx" }, "systems.error.fileType"],
		[null, "systems.error.fileMissing"],
	])("refuses a bad file %#, writing nothing", async (document, error) => {
		const count = async () =>
			(await db.owner.selectFrom("systems").select("id").where("tenant_id", "=", tenant.id).execute()).length;
		const before = await count();
		expect(await recordSystem({ db: db.app, files, actor: office, input: input(), document, meta })).toEqual({
			ok: false,
			field: "document",
			error,
		});
		expect(await count()).toBe(before);
	});

	it("refuses a leader who does not hold the role", async () => {
		const staff = await actorIn(tenant, ["union_staff"]);
		expect(
			await recordSystem({
				db: db.app,
				files,
				actor: office,
				input: input({ leaders: [`union_chair:${staff.userId}`] }),
				document: pdf(),
				meta,
			}),
		).toEqual({ ok: false, field: "leaders", error: "systems.error.leader" });
	});

	it.each([["union_chair"], ["gov_head"], ["viewer"], ["admin"]] as const)("refuses %s", async (role) => {
		const member = await actorIn(tenant, [role]);
		await expect(
			recordSystem({ db: db.app, files, actor: member, input: input(), document: pdf(), meta }),
		).rejects.toThrow(AppError);
	});

	it("two recordings at once never leave two current versions or a gap", async () => {
		for (let round = 0; round < 5; round++) {
			const fresh = await createTenant(db);
			const a = await actorIn(fresh, ["gov_office"]);
			const b = await actorIn(fresh, ["union_staff"]);
			const results = await Promise.all(
				[a, b].map((actor) => recordSystem({ db: db.app, files, actor, input: input(), document: pdf(), meta })),
			);
			// Overlapping: one wins, the other is told to reload. One after the other: a revision.
			const refused = results.filter((r) => !r.ok);
			expect(refused.every((r) => !r.ok && r.error === "systems.error.concurrent")).toBe(true);
			const rows = await db.owner
				.selectFrom("systems")
				.select(["version", "superseded_at"])
				.where("tenant_id", "=", fresh.id)
				.orderBy("version")
				.execute();
			expect(rows.map((r) => r.version)).toEqual(refused.length === 1 ? [1] : [1, 2]);
			expect(rows.filter((r) => r.superseded_at === null)).toHaveLength(1);
		}
	});
});

describe("the adoption register (the parent supervising)", () => {
	let city: TenantFixture;
	const children = new Map<string, TenantFixture>();
	beforeAll(async () => {
		city = await createTenant(db);
		const plan: [string, TenantKind, boolean][] = [
			["甲县", "county", true],
			["乙区", "county", false],
			["丙区", "county", true],
			["开发区", "zone", false],
			["快递协会", "industry", true],
		];
		for (const [name, kind, established] of plan) {
			const child = await createTenant(db, { kind, parentId: city.id });
			await db.owner.updateTable("tenants").set({ name }).where("id", "=", child.id).execute();
			children.set(name, child);
			if (established) {
				const office = await actorIn(child, ["gov_office"]);
				await recordSystem({
					db: db.app,
					files,
					actor: office,
					input: input({ docNumber: `${name}〔2024〕1号` }),
					document: pdf(),
					meta,
				});
			}
		}
	});

	const list = async (tenant: TenantFixture, query: Record<string, string> = {}) => {
		const viewer = await actorIn(tenant, ["viewer"]);
		return listAdoptionRegister(
			db.app,
			{ userId: viewer.userId, tenantId: tenant.id },
			registerFilterSchema.parse(query),
			"2026-11-24",
		);
	};

	it("lists every child with its published record and counts by kind", async () => {
		const { rows, counts } = await list(city);
		expect(rows.map((r) => [r.name, r.established, r.docNumber])).toEqual([
			["丙区", true, "丙区〔2024〕1号"],
			["甲县", true, "甲县〔2024〕1号"],
			["开发区", false, null],
			["快递协会", true, "快递协会〔2024〕1号"],
			["乙区", false, null],
		]);
		expect(counts.all).toEqual({ total: 5, established: 3 });
		expect(counts.county).toEqual({ total: 3, established: 2 });
		expect(counts.countyLevel).toEqual({ total: 4, established: 2 });
		expect(counts.zone).toEqual({ total: 1, established: 0 });
	});

	it("filters by kind and status and sorts", async () => {
		expect((await list(city, { kind: "county", status: "not_established" })).rows.map((r) => r.name)).toEqual(["乙区"]);
		const byStatus = await list(city, { sort: "status" });
		expect(byStatus.rows.slice(0, 3).every((r) => r.established)).toBe(true);
		expect((await list(city, { sort: "name", dir: "desc" })).rows[0]?.name).toBe("乙区");
	});

	it("a child sees neither its parent nor its siblings", async () => {
		const { rows } = await list(children.get("甲县") as TenantFixture);
		expect(rows).toEqual([]);
	});

	it("the parent reads a child's document file but not its liaison leaders", async () => {
		const { rows } = await list(city);
		const established = rows.find((r) => r.name === "甲县");
		const viewer = await actorIn(city, ["viewer"]);
		const actor = { userId: viewer.userId, tenantId: city.id };
		expect(await findReadableFile(db.app, actor, established?.fileId as string)).toMatchObject({ name: "制度.pdf" });
		const leaders = await runAs(db.app, actor, (tx) => tx.selectFrom("system_leaders").selectAll().execute());
		expect(leaders).toEqual([]);
		// A sibling cannot read it.
		const sibling = await actorIn(children.get("乙区") as TenantFixture, ["viewer"]);
		expect(
			await findReadableFile(
				db.app,
				{ userId: sibling.userId, tenantId: (children.get("乙区") as TenantFixture).id },
				established?.fileId as string,
			),
		).toBeNull();
	});
});
