import { type Kysely, sql } from "kysely";

// Frozen in time: imports nothing from the app.

const APP_ROLE = "lianxi_app";
const cur = "(SELECT app_current_tenant())";
const subtree = "unit_id IN (SELECT unnest(app_subtree_ids()))";
const overseen = "request_id IN (SELECT unnest(app_report_requests_overseen()))";

/**
 * A report request's summary whose cost does not grow with the units that reported (issue #25, as
 * the statistics' subtree sums of migration 2026-12-06T1100; issue #22 §9).
 *
 * The summary page summed every reported version's values on each view: 4–5 ms at 707 reports, and
 * growing with them. Now each target keeps its own contribution while it counts (`counted`: reported
 * or accepted, the version's state too), and `report_sums` keeps, per request and per unit of the
 * requester's tree, the sums over that unit's whole subtree (itself included): reported units, the
 * direct children with at least one (`groups`), and the figures — flat keys `n:<field>` (answers),
 * `s:<field>` (sum, each value rounded to the field's scale), `o:<field>:<option>` (a choice's or
 * yes/no's count, yes/no as yes and no) — of the request's current form. The page reads the reader's
 * row (less its own report) and one row per group on its page.
 *
 * Kept in the same transaction as the change: after a target's status or version, or a version's
 * state or values, change, `report_sums_refresh` recomputes the unit's contribution and adds the
 * difference to the rows of the unit and every unit above it up to the requester, root first (one
 * order, so writers of one request queue on the shared rows instead of deadlocking), under a share
 * lock of the request's row. A changed form (a new version of the request's fields) rebuilds the
 * request's sums under the row's update lock. Tenants never move in the tree (the foundation's
 * trigger refuses it), so a unit's ancestors are fixed.
 */
const functions = [
	// One version's contribution to the sums of its request's current form.
	`CREATE FUNCTION report_contribution(fields jsonb, v jsonb) RETURNS jsonb
	   LANGUAGE sql IMMUTABLE SET search_path = public, pg_temp AS $$
	     SELECT coalesce(jsonb_object_agg(c.k, c.n), '{}') FROM (
	       SELECT 'n:' || (f ->> 'key') AS k, 1::numeric AS n FROM jsonb_array_elements(fields) f
	       WHERE f ->> 'type' IN ('integer', 'decimal') AND jsonb_typeof(v -> (f ->> 'key')) = 'number'
	       UNION ALL
	       SELECT 's:' || (f ->> 'key'), round((v ->> (f ->> 'key'))::numeric,
	         CASE WHEN f ->> 'type' = 'decimal' THEN coalesce((f ->> 'scale')::int, 2) ELSE 0 END)
	       FROM jsonb_array_elements(fields) f
	       WHERE f ->> 'type' IN ('integer', 'decimal') AND jsonb_typeof(v -> (f ->> 'key')) = 'number'
	       UNION ALL
	       SELECT 'o:' || (f ->> 'key') || ':' || o.option, 1
	       FROM jsonb_array_elements(fields) f CROSS JOIN LATERAL jsonb_array_elements_text(f -> 'choices') o(option)
	       WHERE f ->> 'type' = 'choice' AND v -> (f ->> 'key') = to_jsonb(o.option)
	       UNION ALL
	       SELECT 'o:' || (f ->> 'key') || ':' || CASE WHEN v -> (f ->> 'key') = 'true'::jsonb THEN 'yes' ELSE 'no' END, 1
	       FROM jsonb_array_elements(fields) f
	       WHERE f ->> 'type' = 'yes_no' AND v -> (f ->> 'key') IN ('true'::jsonb, 'false'::jsonb)) c
	   $$`,
	// a + sign × b, key by key; a key whose total is 0 is left out (read as 0).
	`CREATE FUNCTION report_figures_add(a jsonb, b jsonb, sign integer) RETURNS jsonb
	   LANGUAGE sql IMMUTABLE SET search_path = public, pg_temp AS $$
	     SELECT coalesce(jsonb_object_agg(y.k, y.total) FILTER (WHERE y.total <> 0), '{}') FROM (
	       SELECT x.k, sum(x.n) AS total FROM (
	         SELECT e.key AS k, e.value::numeric AS n FROM jsonb_each_text(a) e
	         UNION ALL
	         SELECT e.key, sign * e.value::numeric FROM jsonb_each_text(b) e) x
	       GROUP BY x.k) y
	   $$`,
	// Adds a unit's change to its own row and every row above it up to the requester, root first.
	`CREATE FUNCTION report_sums_apply(req_tenant uuid, req uuid, unit uuid, du integer, delta jsonb) RETURNS void
	   LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
	   DECLARE
	     chain uuid[];
	     before integer[];
	     n integer;
	   BEGIN
	     IF du = 0 AND delta = '{}'::jsonb THEN RETURN; END IF;
	     SELECT array_agg(a.id ORDER BY nlevel(a.path)) INTO chain
	     FROM tenants u JOIN tenants top ON top.id = req_tenant
	     JOIN tenants a ON u.path <@ a.path AND a.path <@ top.path
	     WHERE u.id = unit;
	     n := coalesce(array_length(chain, 1), 0);
	     IF n = 0 THEN RETURN; END IF;
	     INSERT INTO report_sums (tenant_id, request_id, unit_id)
	     SELECT req_tenant, req, c.id FROM unnest(chain) WITH ORDINALITY c(id, i) ORDER BY c.i
	     ON CONFLICT DO NOTHING;
	     -- Locked root first; each row's units before the change, in the chain's order.
	     SELECT array_agg(s.units ORDER BY array_position(chain, s.unit_id)) INTO before FROM (
	       SELECT r.unit_id, r.units FROM report_sums r
	       WHERE r.tenant_id = req_tenant AND r.request_id = req AND r.unit_id = ANY (chain)
	       ORDER BY array_position(chain, r.unit_id) FOR UPDATE) s;
	     FOR i IN 1..n LOOP
	       UPDATE report_sums SET
	         units = units + du,
	         figures = report_figures_add(figures, delta, 1),
	         groups = groups + CASE WHEN i < n
	           THEN (before[i + 1] + du > 0)::int - (before[i + 1] > 0)::int ELSE 0 END
	       WHERE tenant_id = req_tenant AND request_id = req AND unit_id = chain[i];
	     END LOOP;
	   END $$`,
	// A unit's contribution recomputed from its rows; the difference added above.
	`CREATE FUNCTION report_sums_refresh(req_tenant uuid, req uuid, unit uuid) RETURNS void
	   LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
	   DECLARE
	     form jsonb;
	     old_c jsonb;
	     new_c jsonb;
	   BEGIN
	     SELECT r.fields INTO form FROM report_requests r WHERE r.tenant_id = req_tenant AND r.id = req FOR SHARE;
	     IF NOT FOUND THEN RETURN; END IF;
	     SELECT t.counted,
	       CASE WHEN t.version > 0 AND t.status IN ('submitted', 'accepted') AND s.state IN ('submitted', 'accepted')
	         THEN report_contribution(form, s.values) END
	     INTO old_c, new_c
	     FROM report_targets t
	     LEFT JOIN report_submissions s ON s.tenant_id = t.tenant_id AND s.request_id = t.request_id
	       AND s.unit_id = t.unit_id AND s.version = t.version
	     WHERE t.tenant_id = req_tenant AND t.request_id = req AND t.unit_id = unit;
	     IF NOT FOUND OR old_c IS NOT DISTINCT FROM new_c THEN RETURN; END IF;
	     UPDATE report_targets SET counted = new_c
	     WHERE tenant_id = req_tenant AND request_id = req AND unit_id = unit;
	     PERFORM report_sums_apply(req_tenant, req, unit,
	       (new_c IS NOT NULL)::int - (old_c IS NOT NULL)::int,
	       report_figures_add(coalesce(new_c, '{}'), coalesce(old_c, '{}'), -1));
	   END $$`,
	// Every row of a request from its targets (a changed form; the backfill).
	`CREATE FUNCTION report_sums_rebuild(req_tenant uuid, req uuid) RETURNS void
	   LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
	   BEGIN
	     PERFORM 1 FROM report_requests r WHERE r.tenant_id = req_tenant AND r.id = req FOR UPDATE;
	     DELETE FROM report_sums WHERE tenant_id = req_tenant AND request_id = req;
	     UPDATE report_targets t SET counted = (
	       SELECT CASE WHEN t.version > 0 AND t.status IN ('submitted', 'accepted') AND s.state IN ('submitted', 'accepted')
	         THEN report_contribution(r.fields, s.values) END
	       FROM report_requests r
	       LEFT JOIN report_submissions s ON s.tenant_id = t.tenant_id AND s.request_id = t.request_id
	         AND s.unit_id = t.unit_id AND s.version = t.version
	       WHERE r.tenant_id = t.tenant_id AND r.id = t.request_id)
	     WHERE t.tenant_id = req_tenant AND t.request_id = req;
	     WITH anc AS (
	       SELECT a.id AS aid, t.counted
	       FROM report_targets t JOIN tenants u ON u.id = t.unit_id
	       JOIN tenants top ON top.id = req_tenant
	       JOIN tenants a ON u.path <@ a.path AND a.path <@ top.path
	       WHERE t.tenant_id = req_tenant AND t.request_id = req AND t.counted IS NOT NULL),
	     units AS (SELECT aid, count(*)::int AS n FROM anc GROUP BY aid),
	     figs AS (
	       SELECT x.aid, jsonb_object_agg(x.k, x.total) FILTER (WHERE x.total <> 0) AS f FROM (
	         SELECT anc.aid, e.key AS k, sum(e.value::numeric) AS total
	         FROM anc CROSS JOIN LATERAL jsonb_each_text(anc.counted) e GROUP BY anc.aid, e.key) x
	       GROUP BY x.aid)
	     INSERT INTO report_sums (tenant_id, request_id, unit_id, units, figures)
	     SELECT req_tenant, req, units.aid, units.n, coalesce(figs.f, '{}')
	     FROM units LEFT JOIN figs ON figs.aid = units.aid;
	     UPDATE report_sums s SET groups = (
	       SELECT count(*) FROM report_sums c JOIN tenants ct ON ct.id = c.unit_id
	       WHERE c.tenant_id = s.tenant_id AND c.request_id = s.request_id AND ct.parent_id = s.unit_id AND c.units > 0)
	     WHERE s.tenant_id = req_tenant AND s.request_id = req;
	   END $$`,
	`CREATE FUNCTION report_targets_sums() RETURNS trigger
	   LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
	   BEGIN
	     PERFORM report_sums_refresh(NEW.tenant_id, NEW.request_id, NEW.unit_id);
	     RETURN NULL;
	   END $$`,
	`CREATE FUNCTION report_requests_sums() RETURNS trigger
	   LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
	   BEGIN
	     PERFORM report_sums_rebuild(NEW.tenant_id, NEW.id);
	     RETURN NULL;
	   END $$`,
];

export async function up(db: Kysely<any>): Promise<void> {
	for (const statement of [
		"ALTER TABLE report_targets ADD COLUMN counted jsonb",
		`CREATE TABLE report_sums (
	      tenant_id uuid NOT NULL,
	      request_id uuid NOT NULL,
	      unit_id uuid NOT NULL REFERENCES tenants (id),
	      units integer NOT NULL DEFAULT 0,
	      groups integer NOT NULL DEFAULT 0,
	      figures jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(figures) = 'object'),
	      PRIMARY KEY (tenant_id, request_id, unit_id),
	      FOREIGN KEY (tenant_id, request_id) REFERENCES report_requests (tenant_id, id) ON DELETE CASCADE
	    )`,
		"ALTER TABLE report_sums ENABLE ROW LEVEL SECURITY",
		"ALTER TABLE report_sums FORCE ROW LEVEL SECURITY",
		`GRANT SELECT ON report_sums TO ${APP_ROLE}`,
		// Read as report_targets are: the requester all of its request's; an overseeing unit its subtree's.
		`CREATE POLICY report_sums_requester ON report_sums FOR SELECT TO ${APP_ROLE} USING (tenant_id = ${cur})`,
		`CREATE POLICY report_sums_overseer ON report_sums FOR SELECT TO ${APP_ROLE} USING (${subtree} AND ${overseen})`,
		...functions,
		...[
			"report_contribution(jsonb, jsonb)",
			"report_figures_add(jsonb, jsonb, integer)",
			"report_sums_apply(uuid, uuid, uuid, integer, jsonb)",
			"report_sums_refresh(uuid, uuid, uuid)",
			"report_sums_rebuild(uuid, uuid)",
		].map((f) => `REVOKE ALL ON FUNCTION ${f} FROM PUBLIC`),
		`CREATE TRIGGER report_targets_sums AFTER INSERT OR UPDATE OF status, version ON report_targets
	     FOR EACH ROW EXECUTE FUNCTION report_targets_sums()`,
		`CREATE TRIGGER report_submissions_sums AFTER INSERT OR UPDATE OF state, "values" ON report_submissions
	     FOR EACH ROW EXECUTE FUNCTION report_targets_sums()`,
		`CREATE TRIGGER report_requests_sums AFTER UPDATE OF fields ON report_requests
	     FOR EACH ROW WHEN (OLD.fields IS DISTINCT FROM NEW.fields) EXECUTE FUNCTION report_requests_sums()`,
		// The requests already made.
		"SELECT report_sums_rebuild(r.tenant_id, r.id) FROM report_requests r",
	])
		await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const statement of [
		"DROP TRIGGER report_requests_sums ON report_requests",
		"DROP TRIGGER report_submissions_sums ON report_submissions",
		"DROP TRIGGER report_targets_sums ON report_targets",
		"DROP FUNCTION report_requests_sums()",
		"DROP FUNCTION report_targets_sums()",
		"DROP FUNCTION report_sums_rebuild(uuid, uuid)",
		"DROP FUNCTION report_sums_refresh(uuid, uuid, uuid)",
		"DROP FUNCTION report_sums_apply(uuid, uuid, uuid, integer, jsonb)",
		"DROP FUNCTION report_figures_add(jsonb, jsonb, integer)",
		"DROP FUNCTION report_contribution(jsonb, jsonb)",
		"DROP TABLE report_sums",
		"ALTER TABLE report_targets DROP COLUMN counted",
	])
		await sql.raw(statement).execute(db);
}
