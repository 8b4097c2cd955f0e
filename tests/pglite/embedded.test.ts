import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { login } from "#app/domain/auth/login.server.ts";
import { hashPassword } from "#app/domain/auth/password.server.ts";
import { validateSessionToken } from "#app/domain/auth/sessions.server.ts";
import { findMembership, listUserTenants } from "#app/domain/tenancy/tenant-access.server.ts";
import { updateTenantProfile } from "#app/domain/tenancy/update-tenant-profile.server.ts";
import { localFileStore } from "#app/lib/file-store.server.ts";
import { type DatabaseHandle, openDatabase } from "#db/client.ts";
import { parseDatabaseEnv } from "#db/database-env.ts";
import { migrateToLatest } from "#db/migrate.ts";
import { runAs } from "#db/run-as.ts";
import { DEMO_PASSWORD } from "#db/seed/demo-tenants.ts";
import { seedDemo } from "#db/seed/seed-demo.ts";

// The embedded default: same migrations, same policies, PGlite in memory.
let db: DatabaseHandle;
const meta = { ip: "127.0.0.1", userAgent: "vitest", requestId: "pglite" };
const files = localFileStore(path.join(mkdtempSync(path.join(tmpdir(), "lianxi-pglite-")), "files"));

beforeAll(async () => {
	db = await openDatabase({ env: parseDatabaseEnv({}), inMemory: true });
	await migrateToLatest(db.owner);
	await seedDemo(db.owner, { hashPassword, files });
});
afterAll(() => db.close());

async function tenantId(slug: string) {
	return (await db.owner.selectFrom("tenants").select("id").where("slug", "=", slug).executeTakeFirstOrThrow()).id;
}
async function userId(email: string) {
	return (await db.owner.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
}

describe("embedded PGlite", () => {
	it("runs the migrations and seeds the demo tree idempotently", async () => {
		expect(db.kind).toBe("pglite");
		const again = await seedDemo(db.owner, { hashPassword, files });
		expect(again).toEqual({ seeded: false, tenants: 0, users: 0, systems: 0, meetings: 0 });
		const { rows } = await sql<{ n: number }>`select count(*)::int as n from tenants`.execute(db.owner);
		expect(rows[0]?.n).toBe(13);
	});

	it("applies row-level security: units of work run as the app role", async () => {
		const { rows } = await runAs(db.app, { userId: null, tenantId: null }, (tx) =>
			sql<{
				role: string;
				n: number;
			}>`select current_user as role, (select count(*)::int from memberships) as n`.execute(tx),
		);
		expect(rows).toEqual([{ role: "lianxi_app", n: 0 }]);
		const hubin = await tenantId("hubin");
		const visible = await runAs(db.app, { userId: await userId("admin@hubin.demo"), tenantId: hubin }, (tx) =>
			tx.selectFrom("tenants").select("slug").execute(),
		);
		expect(visible.map((t) => t.slug)).toEqual(["hubin"]);
	});

	it("keeps interleaved units of work apart on its single connection", async () => {
		const tenants = await Promise.all(["hubin", "lushi", "kuaidi"].map(tenantId));
		const users = await Promise.all(["admin@hubin.demo", "admin@lushi.demo", "admin@kuaidi.demo"].map(userId));
		let leaks = 0;
		await Promise.all(
			Array.from({ length: 300 }, async (_, i) => {
				const k = i % 3;
				const rows = await runAs(db.app, { userId: users[k] as string, tenantId: tenants[k] as string }, async (tx) => {
					await new Promise((r) => setTimeout(r, 0));
					return tx.selectFrom("memberships").select("tenant_id").execute();
				});
				leaks += rows.filter((r) => r.tenant_id !== tenants[k]).length;
			}),
		);
		expect(leaks).toBe(0);
	});

	it("signs in a demo user and resolves their tenants", async () => {
		const result = await login(db.app, { email: "union_staff@smx.demo", password: DEMO_PASSWORD, meta });
		if (!result.ok) throw new Error("login failed");
		const session = await validateSessionToken(db.app, result.token);
		expect(session?.user.email).toBe("union_staff@smx.demo");
		const tenants = await listUserTenants(db.app, result.userId);
		expect(tenants.map((t) => t.slug)).toEqual(["smx", "hubin"]);
		expect(await findMembership(db.app, result.userId, "lushi")).toBeNull();
	});

	it("writes audit events with their JSON intact", async () => {
		const admin = await userId("admin@kuaidi.demo");
		const membership = await findMembership(db.app, admin, "kuaidi");
		if (!membership) throw new Error("no membership");
		await updateTenantProfile({
			db: db.app,
			actor: { userId: admin, membership },
			profile: {
				name: "市快递行业协会",
				govName: "三门峡市快递行业协会",
				unionName: "三门峡市快递行业工会联合会（新）",
			},
			meta,
		});
		const audit = await db.owner
			.selectFrom("audit_events")
			.select(["after", "before"])
			.where("tenant_id", "=", membership.tenant.id)
			.executeTakeFirstOrThrow();
		expect(audit.after).toMatchObject({ union_name: "三门峡市快递行业工会联合会（新）" });
		expect(audit.before).toMatchObject({ union_name: "三门峡市快递行业工会联合会" });
	});
});

describe("jobs on the embedded database (no Redis)", () => {
	it("the daily sweep and the in-process runner deliver the demo's reminders as .eml files, once", async () => {
		const { runReminderSweep } = await import("#workers/reminders/reminder-sweep.ts");
		const { OutboxRunner } = await import("#workers/in-process-runner.ts");
		const { createMailer } = await import("#workers/email/mailer.ts");
		const { createLogger } = await import("#app/lib/logger.server.ts");
		const { readdirSync } = await import("node:fs");
		const dataDir = mkdtempSync(path.join(tmpdir(), "lianxi-pglite-mail-"));
		const mailer = createMailer({ dataDir, from: "联席通 <noreply@lianxi.example>" });
		const ctx = { db, mailer, publicUrl: "http://localhost:3000", log: createLogger("silent"), now: () => new Date() };
		const first = await runReminderSweep(db, "2026-11-25");
		expect(first.reminders).toBeGreaterThan(0);
		const delivered = await new OutboxRunner(ctx).drain();
		expect(delivered).toBeGreaterThanOrEqual(first.notifications);
		const mail = readdirSync(path.join(dataDir, "mail"));
		expect(mail.length).toBe(
			Number(
				(
					await sql<{ n: number }>`select count(*)::int as n from notifications where email_status = 'sent'`.execute(
						db.owner,
					)
				).rows[0]?.n,
			),
		);
		expect((await runReminderSweep(db, "2026-11-25")).reminders).toBe(0);
		expect(await new OutboxRunner(ctx).drain()).toBe(0);
	});
});
