import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { APP_ROLE } from "#db/client.ts";
import { openIntegrationDatabase } from "#tests/support/integration-db.ts";

const db = await openIntegrationDatabase();

/** Global tables hold what exists before a tenant is chosen (see the foundation migration). */
const globalTables = [
	"tenants",
	"users",
	"sessions",
	"security_events",
	"password_tokens",
	// Forgotten-password requests, before any unit is known; read and written by one SECURITY DEFINER function.
	"password_reset_requests",
];
const migratorTables = ["kysely_migration", "kysely_migration_lock"];
/**
 * Work tables of the database's own functions: the app role holds no privilege on them at all (checked
 * below), so no request reads or writes them; SECURITY DEFINER triggers do (ADR 0010, subtree sums).
 * `installation`: the database's identity, read by the owner (the daily collector of stored bytes).
 */
const internalTables = ["unit_subtree_pending", "unit_rollup_keys", "unit_rollup_listed", "installation"];

async function publicTables(): Promise<{ name: string; rls: boolean; forced: boolean; hasTenantId: boolean }[]> {
	const { rows } = await sql<{ name: string; rls: boolean; forced: boolean; has_tenant_id: boolean }>`
		select c.relname as name, c.relrowsecurity as rls, c.relforcerowsecurity as forced,
			exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped) as has_tenant_id
		from pg_class c join pg_namespace n on n.oid = c.relnamespace
		where n.nspname = 'public' and c.relkind in ('r', 'p')
		order by 1`.execute(db.owner);
	return rows.map((r) => ({ name: r.name, rls: r.rls, forced: r.forced, hasTenantId: r.has_tenant_id }));
}

describe("schema", () => {
	it("every table has row-level security enabled and forced", async () => {
		const tables = (await publicTables()).filter((t) => !migratorTables.includes(t.name));
		expect(tables.length).toBeGreaterThanOrEqual(7);
		for (const table of tables) {
			expect({ table: table.name, rls: table.rls, forced: table.forced }).toEqual({
				table: table.name,
				rls: true,
				forced: true,
			});
		}
	});

	it("every table is either a tenant table (tenant_id) or a named global table", async () => {
		const tables = (await publicTables()).filter((t) => !migratorTables.includes(t.name));
		expect(tables.length).toBeGreaterThan(0);
		for (const table of tables) {
			expect({
				table: table.name,
				ok: table.hasTenantId || globalTables.includes(table.name) || internalTables.includes(table.name),
			}).toEqual({
				table: table.name,
				ok: true,
			});
		}
	});

	it("the app role has no privilege on the internal work tables", async () => {
		for (const table of internalTables) {
			const { rows } = await sql<{ granted: boolean }>`
				select has_table_privilege('lianxi_app', ${table}, 'SELECT, INSERT, UPDATE, DELETE') as granted`.execute(
				db.owner,
			);
			expect({ table, granted: rows[0]?.granted }).toEqual({ table, granted: false });
		}
	});

	it("tenant tables have tenant_id in their primary key, unique keys and foreign keys to tenant tables", async () => {
		const { rows } = await sql<{
			table: string;
			kind: string;
			name: string;
			columns: string[];
			ref_has_tenant: boolean;
		}>`
			select c.relname as table, con.contype as kind, con.conname as name,
				array(select a.attname::text from unnest(con.conkey) k join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k) as columns,
				coalesce(exists (select 1 from pg_attribute a where a.attrelid = con.confrelid and a.attname = 'tenant_id'), false) as ref_has_tenant
			from pg_constraint con
			join pg_class c on c.oid = con.conrelid
			join pg_namespace n on n.oid = c.relnamespace
			where n.nspname = 'public' and con.contype in ('p', 'u', 'f')
				and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id')`.execute(
			db.owner,
		);
		expect(rows.length).toBeGreaterThan(0);
		for (const con of rows) {
			const mustInclude = con.kind !== "f" || con.ref_has_tenant;
			if (mustInclude)
				expect({ constraint: con.name, columns: con.columns }).toMatchObject({
					columns: expect.arrayContaining(["tenant_id"]),
				});
		}
		// Unique indexes made outside constraints too.
		const { rows: indexes } = await sql<{ name: string; def: string }>`
			select i.relname as name, pg_get_indexdef(ix.indexrelid) as def
			from pg_index ix join pg_class i on i.oid = ix.indexrelid join pg_class t on t.oid = ix.indrelid
			join pg_namespace n on n.oid = t.relnamespace
			where n.nspname = 'public' and ix.indisunique
				and exists (select 1 from pg_attribute a where a.attrelid = t.oid and a.attname = 'tenant_id')`.execute(
			db.owner,
		);
		expect(indexes.length).toBeGreaterThan(0);
		for (const index of indexes) expect(index.def).toContain("tenant_id");
	});

	it("the app role is no superuser, has no BYPASSRLS and owns nothing", async () => {
		const { rows } = await sql<{ rolsuper: boolean; rolbypassrls: boolean; owned: number }>`
			select r.rolsuper, r.rolbypassrls,
				(select count(*)::int from pg_class c join pg_namespace n on n.oid = c.relnamespace
				 where n.nspname = 'public' and c.relowner = r.oid) as owned
			from pg_roles r where r.rolname = ${APP_ROLE}`.execute(db.owner);
		expect(rows).toEqual([{ rolsuper: false, rolbypassrls: false, owned: 0 }]);
	});

	it("the app connects as the app role", async () => {
		const { rows } = await sql<{ user: string }>`select current_user as user`.execute(db.app);
		expect(rows[0]?.user).toBe(APP_ROLE);
	});

	it("audit_events and outbox are append-only for the app role", async () => {
		for (const table of ["audit_events", "outbox", "security_events"]) {
			const { rows } = await sql<{ update: boolean; delete: boolean; insert: boolean; select: boolean }>`
				select has_table_privilege(${APP_ROLE}, ${table}, 'UPDATE') as update,
					has_table_privilege(${APP_ROLE}, ${table}, 'DELETE') as delete,
					has_table_privilege(${APP_ROLE}, ${table}, 'INSERT') as insert,
					has_table_privilege(${APP_ROLE}, ${table}, 'SELECT') as select`.execute(db.owner);
			expect({ table, ...rows[0] }).toEqual({ table, update: false, delete: false, insert: true, select: true });
		}
	});

	it("tenant_id leads a distribution-ready key on every tenant table (Citus)", async () => {
		const { rows } = await sql<{ table: string; first: string }>`
			select c.relname as table, a.attname as first
			from pg_constraint con join pg_class c on c.oid = con.conrelid
			join pg_namespace n on n.oid = c.relnamespace
			join pg_attribute a on a.attrelid = c.oid and a.attnum = con.conkey[1]
			where n.nspname = 'public' and con.contype = 'p'
				and exists (select 1 from pg_attribute x where x.attrelid = c.oid and x.attname = 'tenant_id')`.execute(
			db.owner,
		);
		expect(rows.length).toBeGreaterThan(0);
		for (const row of rows) expect(row).toEqual({ table: row.table, first: "tenant_id" });
	});
});
