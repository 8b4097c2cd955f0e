import { type Kysely, sql } from "kysely";

// Frozen in time: imports nothing from the app.

/**
 * The functions every signed-in page calls, planned once per connection instead of once per
 * statement (issue #25, ADR 0009).
 *
 * A LANGUAGE sql function that PostgreSQL cannot inline — these are SECURITY DEFINER with their own
 * search_path — plans its query afresh in every statement that calls it (the plan lives only as long
 * as the statement). `app_session_user` runs in the first statement of every signed-in request (0.4 ms
 * of the 0.45 ms that statement took), `app_subtree_ids` in every statement that reads a table
 * published upward, and the report requests' two in every statement that reads those (their
 * policies). In PL/pgSQL the same queries keep their plans for the session (generic, as the app's
 * connections ask). Same arguments, same results, same owner and grants
 * (CREATE OR REPLACE keeps them); `RETURN (…)` gives the one row the queries return (by key or an
 * aggregate), as the SQL functions did.
 */
const header = (signature: string, returns: string) => `CREATE OR REPLACE FUNCTION ${signature} RETURNS ${returns}
   LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$`;
const sqlHeader = (signature: string, returns: string) => `CREATE OR REPLACE FUNCTION ${signature} RETURNS ${returns}
   LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$`;

/** [signature, returns, the query (one row, or a set when returns is a table)] */
const functions: [string, string, string][] = [
	[
		"app_session_user(session_id text, secret_sha256 bytea)",
		"text",
		`SELECT s.user_id::text FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.id = session_id AND s.secret_hash = secret_sha256
         AND s.expires_at > now() AND s.last_active_at > now() - interval '8 hours'
         AND u.disabled_at IS NULL`,
	],
	[
		"app_subtree_ids()",
		"uuid[]",
		`SELECT coalesce(array_agg(t.id), '{}') FROM tenants t
       JOIN tenants me ON me.id = nullif(current_setting('app.tenant_id', true), '')::uuid
       WHERE t.path <@ me.path`,
	],
	[
		"app_current_user_email()",
		"text",
		"SELECT u.email FROM users u WHERE u.id = nullif(current_setting('app.user_id', true), '')::uuid",
	],
	[
		"app_member_side(this_tenant uuid, person uuid)",
		"text",
		`SELECT app_roles_side(m.roles) FROM memberships m
       WHERE m.tenant_id = this_tenant AND m.user_id = person AND m.disabled_at IS NULL`,
	],
	[
		"app_account_managed_by(target uuid, this_tenant uuid)",
		"boolean",
		`SELECT EXISTS (
         SELECT 1 FROM users u
         WHERE u.id = target AND u.created_in = this_tenant AND u.first_signed_in_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = target AND m.tenant_id <> this_tenant))`,
	],
	[
		"app_has_other_active_membership(target uuid, this_tenant uuid)",
		"boolean",
		"SELECT EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = target AND m.tenant_id <> this_tenant AND m.disabled_at IS NULL)",
	],
	[
		"app_report_requests_reaching()",
		"uuid[]",
		`SELECT coalesce(array_agg(t.request_id), '{}') FROM report_targets t
       WHERE t.unit_id = nullif(current_setting('app.tenant_id', true), '')::uuid`,
	],
	[
		"app_report_requests_overseen()",
		"uuid[]",
		`SELECT coalesce(array_agg(t.request_id), '{}') FROM report_targets t
       WHERE t.unit_id = nullif(current_setting('app.tenant_id', true), '')::uuid AND t.cascade`,
	],
	[
		"app_report_requesters()",
		"TABLE (id uuid, name text)",
		`SELECT DISTINCT u.id, u.name FROM report_targets t JOIN tenants u ON u.id IN (t.tenant_id, t.reviewer_id)
       WHERE t.unit_id = nullif(current_setting('app.tenant_id', true), '')::uuid`,
	],
];

const asPlpgsql = ([signature, returns, query]: [string, string, string]) =>
	returns.startsWith("TABLE")
		? `${header(signature, returns)}
   #variable_conflict use_column
   BEGIN
     RETURN QUERY ${query};
   END $$`
		: `${header(signature, returns)}
   BEGIN
     RETURN (${query});
   END $$`;

const asSql = ([signature, returns, query]: [string, string, string]) => `${sqlHeader(signature, returns)}
     ${query}
   $$`;

export async function up(db: Kysely<any>): Promise<void> {
	for (const f of functions) await sql.raw(asPlpgsql(f)).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const f of functions) await sql.raw(asSql(f)).execute(db);
}
