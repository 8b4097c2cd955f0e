import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { login } from "#app/domain/auth/login.server.ts";
import { hashPassword } from "#app/domain/auth/password.server.ts";
import { withVerifiedSession } from "#app/domain/auth/sessions.server.ts";
import { verifiedMembershipsStatement, verifiedUserAccess } from "#app/domain/tenancy/tenant-access.server.ts";
import { withRequestUnit } from "#db/request-unit.ts";
import { createMember, createTenant, openIntegrationDatabase, testMeta } from "#tests/support/integration-db.ts";

/**
 * The page view's fast path (migration 2026-12-06T1200, ADR 0009 2026-12-05): the database verifies
 * the session in the settings of the first statement; the memberships are read beside it as that
 * user. Anything it does not settle answers null, for the path that always was.
 */
const db = await openIntegrationDatabase();
const PASSWORD = "verified-session-pass";
const unit = <T>(work: () => Promise<T>) => withRequestUnit(db.app, {}, work);

async function signedIn() {
	const tenant = await createTenant(db);
	const person = await createMember(db, tenant.id, ["union_staff"], { passwordHash: await hashPassword(PASSWORD) });
	const result = await login(db.app, { email: person.email, password: PASSWORD, meta: testMeta });
	if (!result.ok) throw new Error("login failed");
	return { tenant, person, token: result.token };
}

const access = (token: string, slug: string) =>
	unit(() => withVerifiedSession(db.app, token, (tx, sessionId) => verifiedUserAccess(tx, slug, sessionId)));

/** How many memberships a read beside the session sees (as whoever the database verified). */
const slugsBeside = (token: string) =>
	unit(() =>
		withVerifiedSession(
			db.app,
			token,
			async (tx) => (await tx.selectFrom("memberships").select("tenant_id").execute()).length,
		),
	);

describe("a session the database verifies", () => {
	it("answers the user and the membership in the unit of work, and nothing outside one", async () => {
		const { tenant, person, token } = await signedIn();
		const found = await access(token, tenant.slug);
		expect(found?.user.id).toBe(person.id);
		expect(found?.user.email).toBe(person.email);
		expect(found?.alongside?.membership.tenant.id).toBe(tenant.id);
		expect(found?.alongside?.membership.roles).toEqual(["union_staff"]);
		expect(found?.alongside?.tenants.map((t) => t.slug)).toEqual([tenant.slug]);
		expect(found?.alongside?.sessionEntered).toBe(false);
		// Another unit's slug: the session is the person's, the membership is not there.
		const other = await createTenant(db);
		const elsewhere = await access(token, other.slug);
		expect(elsewhere?.user.id).toBe(person.id);
		expect(elsewhere?.alongside).toBeNull();
		// Outside a page view's unit of work the fast path does not apply.
		expect(await withVerifiedSession(db.app, token, async () => 1)).toBeNull();
	});

	it("lets the reader beside it see nothing for a wrong secret, an ended session or a disabled user", async () => {
		const { person, token } = await signedIn();
		expect((await slugsBeside(token))?.alongside).toBe(1);

		const [id, secret] = token.split(".") as [string, string];
		const wrong = `${id}.${secret.slice(0, -1)}${secret.endsWith("a") ? "b" : "a"}`;
		expect(await slugsBeside(wrong)).toBeNull();
		// What the database let the reader see for that wrong secret: nobody's memberships.
		const seen = await unit(async () => {
			let count = -1;
			await withVerifiedSession(db.app, wrong, async (tx) => {
				count = (await tx.selectFrom("memberships").select("tenant_id").execute()).length;
			});
			return count;
		});
		expect(seen).toBe(0);

		await db.owner
			.updateTable("sessions")
			.set({ last_active_at: sql`now() - interval '9 hours'` })
			.where("id", "=", id)
			.execute();
		expect(await slugsBeside(token)).toBeNull();
		await db.owner.updateTable("sessions").set({ last_active_at: new Date() }).where("id", "=", id).execute();
		expect((await slugsBeside(token))?.alongside).toBe(1);

		await db.owner.updateTable("users").set({ disabled_at: new Date() }).where("id", "=", person.id).execute();
		expect(await slugsBeside(token)).toBeNull();
		await db.owner.updateTable("users").set({ disabled_at: null }).where("id", "=", person.id).execute();

		await db.owner
			.updateTable("sessions")
			.set({ expires_at: new Date(Date.now() - 1000) })
			.where("id", "=", id)
			.execute();
		expect(await slugsBeside(token)).toBeNull();
	});

	it("leaves a session due for its touch to the path that slides it", async () => {
		const { token } = await signedIn();
		const [id] = token.split(".") as [string];
		await db.owner
			.updateTable("sessions")
			.set({ last_active_at: sql`now() - interval '6 minutes'` })
			.where("id", "=", id)
			.execute();
		expect(await slugsBeside(token)).toBeNull();
	});
});

describe("the page's count of waiting invitations", () => {
	it("reads the pending invitations' index by address in the plan the app's connections keep", async () => {
		const { token } = await signedIn();
		// A platform's invitations: many, in other units, for other people, answered and waiting.
		const other = await createTenant(db);
		await sql`insert into invitations (tenant_id, tenant_name, tenant_kind, email, display_name, roles, status,
				answered_at, expires_at)
			select ${other.id}::uuid, 'u', 'county', 'p' || i || '@invited.example', 'p', array['viewer'],
				case when i % 3 = 0 then 'pending' else 'declined' end,
				case when i % 3 = 0 then null else now() end, now() + interval '7 days'
			from generate_series(1, 3000) as i`.execute(db.owner);
		await sql`analyze invitations`.execute(db.owner);
		const statement = verifiedMembershipsStatement.compiledFor(db.app, {
			sessionId: token.split(".")[0] ?? "",
			now: new Date(),
		});
		const literal = (value: unknown) =>
			`'${(value instanceof Date ? value.toISOString() : String(value)).replaceAll("'", "''")}'`;
		// The app's connections plan each statement once for every value (db/prepared-pool.ts: generic
		// plans); the same here, with sequential scans priced out, so any usable index is taken.
		const plan = await db.owner.transaction().execute(async (tx) => {
			await sql`set local plan_cache_mode = force_generic_plan`.execute(tx);
			await sql`set local enable_seqscan = off`.execute(tx);
			await sql.raw(`prepare counting as ${statement.sql}`).execute(tx);
			const { rows } = await sql
				.raw<{ "QUERY PLAN": string }>(`explain execute counting(${statement.parameters.map(literal).join(", ")})`)
				.execute(tx);
			await sql`deallocate counting`.execute(tx);
			return rows.map((row) => row["QUERY PLAN"]).join("\n");
		});
		expect(plan).toMatch(/Index (Only )?Scan using invitations_email|Bitmap Index Scan on invitations_email/);
	});
});
