import { type Kysely, sql } from "kysely";

// Frozen in time: imports nothing from the app.
const APP_ROLE = "lianxi_app";

/**
 * O7 (宣传): a unit's public results page, opt-in, with both sides' agreement (issue #14, part 3).
 *
 * - `public_pages`: the unit's opt-in (one row per unit; no row = not opted in).
 * - `public_releases`: one row per release of a held meeting's results. It is public only while the
 *   union side and the government side have both agreed (`published_at` is set by the second
 *   agreement) and nobody has withdrawn it. A withdrawn release stays as the record; agreeing again
 *   starts a new one (at most one current release per meeting).
 * - Visitors without an account read through two narrow SECURITY DEFINER functions that return only
 *   what is published, and nothing of any other unit, draft or person (DESIGN §9: the app role's
 *   policies stay tenant-scoped; no policy opens a table to the anonymous unit of work).
 */
export async function up(db: Kysely<any>): Promise<void> {
	const run = async (statements: string[]) => {
		for (const statement of statements) await sql.raw(statement).execute(db);
	};
	const cur = "(SELECT app_current_tenant())";
	await run([
		`CREATE TABLE public_pages (
      tenant_id uuid PRIMARY KEY REFERENCES tenants (id),
      enabled boolean NOT NULL DEFAULT false,
      changed_by uuid REFERENCES users (id),
      changed_at timestamptz NOT NULL DEFAULT now()
    )`,
		`CREATE TABLE public_releases (
      tenant_id uuid NOT NULL,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      meeting_id uuid NOT NULL,
      union_agreed_by uuid REFERENCES users (id),
      union_agreed_at timestamptz,
      government_agreed_by uuid REFERENCES users (id),
      government_agreed_at timestamptz,
      published_at timestamptz,
      withdrawn_by uuid REFERENCES users (id),
      withdrawn_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      FOREIGN KEY (tenant_id, meeting_id) REFERENCES meetings (tenant_id, id),
      CHECK ((union_agreed_by IS NULL) = (union_agreed_at IS NULL)),
      CHECK ((government_agreed_by IS NULL) = (government_agreed_at IS NULL)),
      CHECK ((withdrawn_by IS NULL) = (withdrawn_at IS NULL)),
      CHECK (union_agreed_at IS NOT NULL OR government_agreed_at IS NOT NULL),
      -- Published exactly when both sides agreed; one person never agrees for both sides.
      CHECK ((published_at IS NOT NULL) = (union_agreed_at IS NOT NULL AND government_agreed_at IS NOT NULL)),
      CHECK (union_agreed_by IS NULL OR government_agreed_by IS NULL OR union_agreed_by <> government_agreed_by)
    )`,
		"CREATE UNIQUE INDEX public_releases_current ON public_releases (tenant_id, meeting_id) WHERE withdrawn_at IS NULL",
		// A release only moves forward: an agreement, once given, and a withdrawal are final.
		`CREATE FUNCTION public_releases_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF OLD.withdrawn_at IS NOT NULL
         OR NEW.tenant_id <> OLD.tenant_id OR NEW.meeting_id <> OLD.meeting_id
         OR (OLD.union_agreed_at IS NOT NULL AND (NEW.union_agreed_at, NEW.union_agreed_by) IS DISTINCT FROM (OLD.union_agreed_at, OLD.union_agreed_by))
         OR (OLD.government_agreed_at IS NOT NULL AND (NEW.government_agreed_at, NEW.government_agreed_by) IS DISTINCT FROM (OLD.government_agreed_at, OLD.government_agreed_by))
         OR (OLD.published_at IS NOT NULL AND NEW.published_at IS DISTINCT FROM OLD.published_at) THEN
         RAISE EXCEPTION 'a release only moves forward' USING ERRCODE = 'check_violation';
       END IF;
       RETURN NEW;
     END $$`,
		`CREATE TRIGGER public_releases_forward_only BEFORE UPDATE ON public_releases
     FOR EACH ROW EXECUTE FUNCTION public_releases_forward_only()`,

		"ALTER TABLE public_pages ENABLE ROW LEVEL SECURITY",
		"ALTER TABLE public_pages FORCE ROW LEVEL SECURITY",
		"ALTER TABLE public_releases ENABLE ROW LEVEL SECURITY",
		"ALTER TABLE public_releases FORCE ROW LEVEL SECURITY",
		// Inside the unit only: neither the parent nor a sibling reads or writes them.
		`CREATE POLICY public_pages_own ON public_pages FOR ALL TO ${APP_ROLE} USING (tenant_id = ${cur}) WITH CHECK (tenant_id = ${cur})`,
		`CREATE POLICY public_releases_own ON public_releases FOR ALL TO ${APP_ROLE} USING (tenant_id = ${cur}) WITH CHECK (tenant_id = ${cur})`,
		`GRANT SELECT, INSERT, UPDATE ON public_pages, public_releases TO ${APP_ROLE}`,

		// The public page's header: the unit's names, only when it opted in.
		`CREATE FUNCTION app_public_page(page_slug text)
     RETURNS TABLE (tenant_name text, gov_name text, union_name text, changed_at timestamptz)
     LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
       SELECT t.name, t.gov_name, t.union_name, p.changed_at
       FROM tenants t JOIN public_pages p ON p.tenant_id = t.id
       WHERE t.slug = page_slug AND p.enabled
     $$`,
		// Its items: held meetings of that unit whose current release both sides agreed to; title, date,
		// the unit's own publicity records (O7, public by nature) and the decided matters of issued
		// minutes with their status. No draft, no attendee, no department, no account.
		`CREATE FUNCTION app_public_results(page_slug text)
     RETURNS TABLE (meeting_id uuid, title text, held_on date, published_at timestamptz, publicity jsonb, matters jsonb)
     LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
       SELECT m.id, m.title, m.held_on, r.published_at,
         coalesce((SELECT jsonb_agg(jsonb_build_object('channel', p.channel, 'title', p.title, 'link', p.link,
                     'body', p.body, 'publishedOn', p.published_on) ORDER BY p.published_on, p.created_at, p.id)
                   FROM publicity p WHERE p.tenant_id = m.tenant_id AND p.meeting_id = m.id), '[]'::jsonb),
         coalesce((SELECT jsonb_agg(jsonb_build_object('seq', d.seq, 'content', d.content, 'status', d.status,
                     'deadline', d.deadline) ORDER BY d.seq)
                   FROM decided_matters d
                   JOIN minutes n ON n.tenant_id = d.tenant_id AND n.id = d.minutes_id AND n.status = 'issued'
                   WHERE d.tenant_id = m.tenant_id AND d.meeting_id = m.id), '[]'::jsonb)
       FROM tenants t
       JOIN public_pages pg ON pg.tenant_id = t.id AND pg.enabled
       JOIN public_releases r ON r.tenant_id = t.id AND r.withdrawn_at IS NULL AND r.published_at IS NOT NULL
         AND r.union_agreed_at IS NOT NULL AND r.government_agreed_at IS NOT NULL
       JOIN meetings m ON m.tenant_id = r.tenant_id AND m.id = r.meeting_id AND m.held_on IS NOT NULL
         AND m.status IN ('held', 'minutes_review', 'minutes_issued')
       WHERE t.slug = page_slug
       ORDER BY m.held_on DESC, m.seq DESC
     $$`,
		"REVOKE ALL ON FUNCTION app_public_page(text) FROM PUBLIC",
		"REVOKE ALL ON FUNCTION app_public_results(text) FROM PUBLIC",
		`GRANT EXECUTE ON FUNCTION app_public_page(text), app_public_results(text) TO ${APP_ROLE}`,
	]);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`DROP FUNCTION IF EXISTS app_public_results(text)`.execute(db);
	await sql`DROP FUNCTION IF EXISTS app_public_page(text)`.execute(db);
	await sql`DROP TABLE IF EXISTS public_releases CASCADE`.execute(db);
	await sql`DROP FUNCTION IF EXISTS public_releases_forward_only()`.execute(db);
	await sql`DROP TABLE IF EXISTS public_pages CASCADE`.execute(db);
}
