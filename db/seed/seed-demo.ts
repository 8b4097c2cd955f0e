import { type Kysely, sql } from "kysely";
import type { Database } from "../schema.ts";
import { DEMO_PASSWORD, demoDisplayName, demoEmail, demoRoles, demoTenants, demoTitle } from "./demo-tenants.ts";
import { seedHistory } from "./seed-history.ts";
import { type ImChannelSealer, seedImChannels } from "./seed-im-channels.ts";
import { seedMeetings } from "./seed-meetings.ts";
import { seedMinutes } from "./seed-minutes.ts";
import { seedPublicResults } from "./seed-public-results.ts";
import { bindUnitLiaisons, seedDepartments, seedSystems } from "./seed-register.ts";
import { seedReportRequests } from "./seed-report-requests.ts";

interface SeedOptions {
	/** Hashes the demo password once (argon2id from the auth module); every demo account shares it. */
	hashPassword: (password: string) => Promise<string>;
	/** Where demo documents are stored (the app's file store). */
	files: { put(bytes: Uint8Array): Promise<string> };
	/** Seals the city's disabled example group robots (issue 23); without it (no key) none are added. */
	imChannels?: ImChannelSealer | null;
}

interface SeedResult {
	seeded: boolean;
	tenants: number;
	users: number;
	systems: number;
	meetings: number;
}

/**
 * Seeds the demo tenant tree and one account per role per tenant. Idempotent: rows that exist
 * (by slug, by email, by membership) are left as they are. Runs as the owner.
 */
export async function seedDemo(
	owner: Kysely<Database>,
	{ hashPassword, files, imChannels }: SeedOptions,
): Promise<SeedResult> {
	const passwordHash = await hashPassword(DEMO_PASSWORD);
	return owner.transaction().execute(async (tx) => {
		const ids = new Map<string, string>();
		let tenantsAdded = 0;
		let usersAdded = 0;
		for (const t of demoTenants) {
			const parentId = t.parent ? ids.get(t.parent) : null;
			const inserted = await tx
				.insertInto("tenants")
				.values({
					slug: t.slug,
					kind: t.kind,
					name: t.name,
					gov_name: t.gov_name,
					union_name: t.union_name,
					division_code: t.division_code,
					parent_id: parentId ?? null,
				})
				.onConflict((oc) => oc.column("slug").doNothing())
				.returning("id")
				.executeTakeFirst();
			if (inserted) tenantsAdded++;
			const row = await tx.selectFrom("tenants").select("id").where("slug", "=", t.slug).executeTakeFirstOrThrow();
			ids.set(t.slug, row.id);
		}
		for (const [tenantIndex, t] of demoTenants.entries()) {
			const tenantId = ids.get(t.slug) as string;
			for (const [roleIndex, role] of demoRoles.entries()) {
				const email = demoEmail(role, t.slug);
				const added = await tx
					.insertInto("users")
					.values({
						email,
						display_name: demoDisplayName(tenantIndex, roleIndex),
						password_hash: passwordHash,
						created_in: tenantId,
					})
					.onConflict((oc) => oc.column("email").doNothing())
					.returning("id")
					.executeTakeFirst();
				if (added) usersAdded++;
				const user = await tx.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow();
				// A membership seeded before titles existed gets its 职务; one already set is left as it is.
				await tx
					.insertInto("memberships")
					.values({ tenant_id: tenantId, user_id: user.id, roles: [role], title: demoTitle(role, t) })
					.onConflict((oc) =>
						oc
							.columns(["tenant_id", "user_id"])
							.doUpdateSet({ title: sql`excluded.title` })
							.where("memberships.title", "is", null),
					)
					.execute();
			}
		}
		// The city's union staff also works in 湖滨区 (a person in two tenants, for the switcher).
		const cityStaff = await tx
			.selectFrom("users")
			.select("id")
			.where("email", "=", demoEmail("union_staff", "smx"))
			.executeTakeFirstOrThrow();
		await tx
			.insertInto("memberships")
			.values({ tenant_id: ids.get("hubin") as string, user_id: cityStaff.id, roles: ["viewer"] })
			.onConflict((oc) => oc.columns(["tenant_id", "user_id"]).doNothing())
			.execute();
		await seedDepartments(tx, passwordHash);
		const systems = await seedSystems(tx, files);
		const meetings = (await seedMeetings(tx)) + (await seedMinutes(tx)) + (await seedHistory(tx));
		await bindUnitLiaisons(tx);
		const releases = await seedPublicResults(tx);
		// Issue 22: report requests of the city (annual, quarterly) and one forwarded by 灵宝市.
		await seedReportRequests(tx);
		if (imChannels) await seedImChannels(tx, ids.get("smx") as string, imChannels);
		return {
			seeded: tenantsAdded + usersAdded + systems + meetings + releases > 0,
			tenants: tenantsAdded,
			users: usersAdded,
			systems,
			meetings,
		};
	});
}

/** True when the database has no tenant yet: the first start seeds the demo. */
export async function isEmpty(owner: Kysely<Database>): Promise<boolean> {
	const { rows } = await sql<{ n: number }>`select count(*)::int as n from tenants`.execute(owner);
	return (rows[0]?.n ?? 0) === 0;
}
