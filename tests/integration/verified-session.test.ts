import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { login } from "#app/domain/auth/login.server.ts";
import { hashPassword } from "#app/domain/auth/password.server.ts";
import { withVerifiedSession } from "#app/domain/auth/sessions.server.ts";
import { membershipsStatement, verifiedSessionAccess } from "#app/domain/tenancy/tenant-access.server.ts";
import { withRequestUnit } from "#db/request-unit.ts";
import { runAs } from "#db/run-as.ts";
import { createMember, createTenant, openIntegrationDatabase, testMeta } from "#tests/support/integration-db.ts";

/**
 * The page view's fast path (migrations 2026-12-06T1200 and 2026-12-09T1000, ADR 0009): the
 * database verifies the session in the settings of the unit's first statement, which answers the
 * session, its user and every active membership. Anything it does not settle answers null, for the
 * path that always was.
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

const verify = (token: string, slug = "no-such-unit") => unit(() => withVerifiedSession(db.app, token, slug));
const access = async (token: string, slug: string) => {
	const verified = await verify(token, slug);
	return verified && { ...verified, access: verifiedSessionAccess(verified.memberships, slug) };
};

describe("a session the database verifies", () => {
	it("answers the user and the memberships in the unit of work, and nothing outside one", async () => {
		const { tenant, person, token } = await signedIn();
		const found = await access(token, tenant.slug);
		expect(found?.user.id).toBe(person.id);
		expect(found?.user.email).toBe(person.email);
		expect(found?.access?.membership.tenant.id).toBe(tenant.id);
		expect(found?.access?.membership.roles).toEqual(["union_staff"]);
		expect(found?.access?.tenants.map((t) => t.slug)).toEqual([tenant.slug]);
		expect(found?.access?.sessionEntered).toBe(false);
		expect(found?.access?.pendingInvitations).toBe(0);
		// Another unit's slug: the session is the person's, the membership is not there.
		const other = await createTenant(db);
		const elsewhere = await access(token, other.slug);
		expect(elsewhere?.user.id).toBe(person.id);
		expect(elsewhere?.access).toBeNull();
		// A second unit, the entry recorded in the first, an invitation waiting: all in the one answer.
		await db.owner
			.insertInto("memberships")
			.values({ tenant_id: other.id, user_id: person.id, roles: ["viewer"] })
			.onConflict((oc) => oc.doNothing())
			.execute();
		const [sessionId] = token.split(".") as [string];
		await db.owner
			.insertInto("session_units")
			.values({ tenant_id: tenant.id, session_id: sessionId, user_id: person.id })
			.execute();
		const third = await createTenant(db);
		await sql`insert into invitations (tenant_id, tenant_name, tenant_kind, email, display_name, roles, expires_at)
			values (${third.id}, 'u', 'county', ${person.email}, 'p', array['viewer'], now() + interval '7 days')`.execute(
			db.owner,
		);
		const both = await access(token, tenant.slug);
		expect(new Set(both?.access?.tenants.map((t) => t.slug))).toEqual(new Set([tenant.slug, other.slug]));
		expect(both?.access?.sessionEntered).toBe(true);
		expect(both?.access?.pendingInvitations).toBe(1);
		expect((await access(token, other.slug))?.access?.sessionEntered).toBe(false);
		// Outside a page view's unit of work the fast path does not apply.
		expect(await withVerifiedSession(db.app, token, tenant.slug)).toBeNull();
	});

	it("answers nothing for a wrong secret, an ended session or a disabled user", async () => {
		const { person, token } = await signedIn();
		expect((await verify(token))?.memberships).toHaveLength(1);

		const [id, secret] = token.split(".") as [string, string];
		const wrong = `${id}.${secret.slice(0, -1)}${secret.endsWith("a") ? "b" : "a"}`;
		expect(await verify(wrong)).toBeNull();

		await db.owner
			.updateTable("sessions")
			.set({ last_active_at: sql`now() - interval '9 hours'` })
			.where("id", "=", id)
			.execute();
		expect(await verify(token)).toBeNull();
		await db.owner.updateTable("sessions").set({ last_active_at: new Date() }).where("id", "=", id).execute();
		expect((await verify(token))?.memberships).toHaveLength(1);

		await db.owner.updateTable("users").set({ disabled_at: new Date() }).where("id", "=", person.id).execute();
		expect(await verify(token)).toBeNull();
		await db.owner.updateTable("users").set({ disabled_at: null }).where("id", "=", person.id).execute();

		await db.owner
			.updateTable("memberships")
			.set({ disabled_at: new Date() })
			.where("user_id", "=", person.id)
			.execute();
		// The session still verifies; the person is a member of nothing.
		expect((await verify(token))?.memberships).toEqual([]);
		await db.owner.updateTable("memberships").set({ disabled_at: null }).where("user_id", "=", person.id).execute();

		await db.owner
			.updateTable("sessions")
			.set({ expires_at: new Date(Date.now() - 1000) })
			.where("id", "=", id)
			.execute();
		expect(await verify(token)).toBeNull();
	});

	it("sets the unit of the page's address for the page's own reads, and no unit that is not the person's", async () => {
		const { tenant, person, token } = await signedIn();
		const other = await createTenant(db);
		/** What the page's reads run under, right after the fast path, as the same person. */
		const settingsAfter = (slug: string, tenantId: string | null) =>
			unit(async () => {
				const verified = await withVerifiedSession(db.app, token, slug);
				const { rows } = await runAs(db.app, { userId: person.id, tenantId }, (tx) =>
					sql<{ u: string; t: string }>`select current_setting('app.user_id') as u,
						current_setting('app.tenant_id') as t`.execute(tx),
				);
				return { verified: verified !== null, ...rows[0] };
			});
		expect(await settingsAfter(tenant.slug, tenant.id)).toEqual({ verified: true, u: person.id, t: tenant.id });
		// Not a member there: the statement sets no unit.
		expect(await settingsAfter(other.slug, null)).toEqual({ verified: true, u: person.id, t: "" });
		// An address no unit can have: the other path decides (and answers 404).
		expect(await settingsAfter("No_Such/unit", null)).toEqual({ verified: false, u: person.id, t: "" });
	});

	it("leaves a session due for its touch to the path that slides it", async () => {
		const { token } = await signedIn();
		const [id] = token.split(".") as [string];
		await db.owner
			.updateTable("sessions")
			.set({ last_active_at: sql`now() - interval '6 minutes'` })
			.where("id", "=", id)
			.execute();
		expect(await verify(token)).toBeNull();
	});
});

describe("the page's count of waiting invitations", () => {
	it("reads the pending invitations' index by address in the plan the app's connections keep", async () => {
		const { person, token } = await signedIn();
		// A platform's invitations: many, in other units, for other people, answered and waiting.
		const other = await createTenant(db);
		await sql`insert into invitations (tenant_id, tenant_name, tenant_kind, email, display_name, roles, status,
				answered_at, expires_at)
			select ${other.id}::uuid, 'u', 'county', 'p' || i || '@invited.example', 'p', array['viewer'],
				case when i % 3 = 0 then 'pending' else 'declined' end,
				case when i % 3 = 0 then null else now() end, now() + interval '7 days'
			from generate_series(1, 3000) as i`.execute(db.owner);
		await sql`analyze invitations`.execute(db.owner);
		const statement = membershipsStatement.compiledFor(db.app, {
			userId: person.id,
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
