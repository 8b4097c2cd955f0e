import { randomBytes } from "node:crypto";
import { afterAll, inject } from "vitest";
import { type DatabaseHandle, openDatabase } from "#db/client.ts";
import { parseDatabaseEnv } from "#db/database-env.ts";
import type { Role, TenantKind } from "#db/schema.ts";

/** Opens the integration database for one test file (app pool + owner pool) and closes it after. */
export async function openIntegrationDatabase(poolMax = 4): Promise<DatabaseHandle> {
	const db = await openDatabase({
		env: parseDatabaseEnv({ DATABASE_URL: inject("databaseUrl"), DATABASE_POOL_MAX: String(poolMax) }),
	});
	afterAll(() => db.close());
	return db;
}

export const uniqueSuffix = () => randomBytes(4).toString("hex");

export interface TenantFixture {
	id: string;
	slug: string;
}

/** Creates a tenant as the owner (fixtures are set-up, not app behaviour). */
export async function createTenant(
	db: DatabaseHandle,
	options: { kind?: TenantKind; parentId?: string | null; slug?: string } = {},
): Promise<TenantFixture> {
	const slug = options.slug ?? `t-${uniqueSuffix()}`;
	const row = await db.owner
		.insertInto("tenants")
		.values({
			slug,
			kind: options.kind ?? "city",
			name: `测试单位 ${slug}`,
			gov_name: `${slug} 人民政府`,
			union_name: `${slug} 总工会`,
			parent_id: options.parentId ?? null,
		})
		.returning("id")
		.executeTakeFirstOrThrow();
	return { id: row.id, slug };
}

/** Creates a user (with the given password hash) who is a member of the tenant with the roles. */
export async function createMember(
	db: DatabaseHandle,
	tenantId: string,
	roles: Role[],
	options: { passwordHash?: string; email?: string } = {},
): Promise<{ id: string; email: string }> {
	const email = options.email ?? `user-${uniqueSuffix()}@test.example`;
	const user = await db.owner
		.insertInto("users")
		.values({ email, display_name: "测试用户", password_hash: options.passwordHash ?? "not-a-hash" })
		.returning("id")
		.executeTakeFirstOrThrow();
	await db.owner.insertInto("memberships").values({ tenant_id: tenantId, user_id: user.id, roles }).execute();
	return { id: user.id, email };
}

/** A new member of the tenant with these roles, as the domain's use cases see an actor. */
export async function createActor(db: DatabaseHandle, tenant: TenantFixture, roles: Role[]) {
	const { findMembership } = await import("#app/domain/tenancy/tenant-access.server.ts");
	const user = await createMember(db, tenant.id, roles);
	const membership = await findMembership(db.app, user.id, tenant.slug);
	if (!membership) throw new Error("the new member has no membership");
	return { userId: user.id, membership };
}

export const testMeta = { ip: "127.0.0.1", userAgent: "vitest", requestId: "test" };

/** The options object of a use case, for a new member with these roles. */
export async function createActorOptions(db: DatabaseHandle, tenant: TenantFixture, roles: Role[]) {
	return { db: db.app, meta: testMeta, actor: await createActor(db, tenant, roles) };
}
