import { type Kysely, sql } from "kysely";

// Frozen in time: imports nothing from the app.
const APP_ROLE = "lianxi_app";

const govRoles = "ARRAY['gov_head', 'gov_liaison', 'gov_deputy_secretary', 'gov_office']::text[]";
const unionRoles = "ARRAY['union_chair', 'union_vice_chair', 'union_staff']::text[]";

/**
 * Two rules of the notice (P) and of ADR 0008, held by the database:
 *
 * 1. Each side its own people. In one unit a person holds roles of one side only — government,
 *    union, department liaison or viewer; administration combines with any one of them. Every
 *    two-sided act (extraordinary-meeting consent, topic agreement, minutes review, public release)
 *    is given by a person of the side it is recorded for, and the two sides' acts on one subject
 *    come from two different people. Nobody changes their own roles.
 *
 * 2. Links reach only the mailbox. An invitation's and a set-password or reset link's token comes
 *    into being only in the process that mails it (the outbox handler, on the owner connection): the
 *    app role can no longer write a token, so no page can ever show one.
 *
 * Existing memberships and invitations that break rule 1 are listed (a warning per row) and the
 * constraint is then kept for new writes only (NOT VALID), so that an installation upgrades and its
 * administrators can correct them; with none (the demo) the constraint is validated.
 */
export async function up(db: Kysely<any>): Promise<void> {
	const run = async (statements: string[]) => {
		for (const statement of statements) await sql.raw(statement).execute(db);
	};
	const cur = "(SELECT app_current_tenant())";

	await run([
		// 'gov', 'union', 'department', 'viewer', 'none' (administration alone) or 'mixed' (refused).
		`CREATE FUNCTION app_roles_side(roles text[]) RETURNS text LANGUAGE sql IMMUTABLE AS $$
       SELECT CASE
         WHEN r = '{}'::text[] THEN 'none'
         WHEN r <@ ${govRoles} THEN 'gov'
         WHEN r <@ ${unionRoles} THEN 'union'
         WHEN r <@ ARRAY['department_liaison']::text[] THEN 'department'
         WHEN r <@ ARRAY['viewer']::text[] THEN 'viewer'
         ELSE 'mixed' END
       FROM (SELECT array_remove(roles, 'admin') AS r) x
     $$`,
		// The side a person acts for in a unit (their active membership's), for the two-sided checks.
		`CREATE FUNCTION app_member_side(this_tenant uuid, person uuid) RETURNS text
     LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
       SELECT app_roles_side(m.roles) FROM memberships m
       WHERE m.tenant_id = this_tenant AND m.user_id = person AND m.disabled_at IS NULL
     $$`,
		"REVOKE ALL ON FUNCTION app_member_side(uuid, uuid) FROM PUBLIC",
		`GRANT EXECUTE ON FUNCTION app_member_side(uuid, uuid), app_roles_side(text[]) TO ${APP_ROLE}`,
	]);

	for (const table of ["memberships", "invitations"]) {
		const { rows } = await sql<{ tenant_id: string; who: string; roles: string[]; pending: boolean }>`
			select tenant_id, ${sql.raw(table === "memberships" ? "user_id::text" : "email")} as who, roles,
				${sql.raw(table === "invitations" ? "status = 'pending'" : "true")} as pending
			from ${sql.table(table)} where app_roles_side(roles) = 'mixed'`.execute(db);
		for (const row of rows.filter((r) => r.pending)) {
			console.warn(
				`[migration sides] ${table}: ${row.who} in unit ${row.tenant_id} holds roles of both sides (${row.roles.join(", ")})` +
					(table === "invitations" ? "; the invitation is withdrawn" : "; correct them on the unit's members page"),
			);
		}
		// Pending invitations that break the rule are withdrawn; answered ones are history.
		if (table === "invitations")
			await sql`update invitations set status = 'revoked', answered_at = now()
				where status = 'pending' and app_roles_side(roles) = 'mixed'`.execute(db);
		const constraint = `${table}_one_side`;
		await sql
			.raw(`ALTER TABLE ${table} ADD CONSTRAINT ${constraint} CHECK (app_roles_side(roles) <> 'mixed') NOT VALID`)
			.execute(db);
		if (rows.length === 0) await sql.raw(`ALTER TABLE ${table} VALIDATE CONSTRAINT ${constraint}`).execute(db);
	}

	await run([
		// Nobody changes their own roles: another administrator of the unit does (ADR 0008, amended).
		`CREATE FUNCTION memberships_not_own_roles() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF NEW.roles IS DISTINCT FROM OLD.roles
          AND NEW.user_id = nullif(current_setting('app.user_id', true), '')::uuid THEN
         RAISE EXCEPTION 'a person cannot change their own roles' USING ERRCODE = 'insufficient_privilege';
       END IF;
       RETURN NEW;
     END $$`,
		`CREATE TRIGGER memberships_not_own_roles BEFORE UPDATE OF roles ON memberships
     FOR EACH ROW EXECUTE FUNCTION memberships_not_own_roles()`,

		// Two-sided acts: the person acts for their own side, and the other side's act on the same
		// subject is somebody else's. AFTER triggers: a row for another unit is refused by its policy first.
		`CREATE FUNCTION app_require_side(this_tenant uuid, person uuid, wanted text) RETURNS void
     LANGUAGE plpgsql STABLE AS $$
     BEGIN
       IF person IS NOT NULL AND app_member_side(this_tenant, person) IS DISTINCT FROM wanted THEN
         RAISE EXCEPTION 'the % side''s act must come from a person of that side', wanted
           USING ERRCODE = 'check_violation';
       END IF;
     END $$`,
		`CREATE FUNCTION meeting_consents_two_people() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       PERFORM app_require_side(NEW.tenant_id, NEW.user_id, NEW.side);
       IF EXISTS (SELECT 1 FROM meeting_consents c WHERE c.tenant_id = NEW.tenant_id
                  AND c.meeting_id = NEW.meeting_id AND c.side <> NEW.side AND c.user_id = NEW.user_id) THEN
         RAISE EXCEPTION 'both sides'' consent from one person' USING ERRCODE = 'check_violation';
       END IF;
       RETURN NEW;
     END $$`,
		`CREATE TRIGGER meeting_consents_two_people AFTER INSERT ON meeting_consents
     FOR EACH ROW EXECUTE FUNCTION meeting_consents_two_people()`,
		`CREATE FUNCTION topic_agreements_two_people() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       PERFORM app_require_side(NEW.tenant_id, NEW.user_id, NEW.side);
       IF EXISTS (SELECT 1 FROM topic_agreements a WHERE a.tenant_id = NEW.tenant_id
                  AND a.topic_id = NEW.topic_id AND a.side <> NEW.side AND a.user_id = NEW.user_id) THEN
         RAISE EXCEPTION 'both sides'' agreement from one person' USING ERRCODE = 'check_violation';
       END IF;
       RETURN NEW;
     END $$`,
		`CREATE TRIGGER topic_agreements_two_people AFTER INSERT ON topic_agreements
     FOR EACH ROW EXECUTE FUNCTION topic_agreements_two_people()`,
		`CREATE FUNCTION minutes_reviews_two_people() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       PERFORM app_require_side(NEW.tenant_id, NEW.user_id, NEW.stage);
       IF NEW.decision = 'approve' AND EXISTS (
            SELECT 1 FROM minutes_reviews r WHERE r.tenant_id = NEW.tenant_id AND r.minutes_id = NEW.minutes_id
              AND r.version = NEW.version AND r.stage <> NEW.stage AND r.decision = 'approve'
              AND r.user_id = NEW.user_id) THEN
         RAISE EXCEPTION 'both sides'' approval from one person' USING ERRCODE = 'check_violation';
       END IF;
       RETURN NEW;
     END $$`,
		`CREATE TRIGGER minutes_reviews_two_people AFTER INSERT ON minutes_reviews
     FOR EACH ROW EXECUTE FUNCTION minutes_reviews_two_people()`,
		`CREATE FUNCTION public_releases_two_people() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF NEW.union_agreed_by IS DISTINCT FROM OLD.union_agreed_by OR TG_OP = 'INSERT' THEN
         PERFORM app_require_side(NEW.tenant_id, NEW.union_agreed_by, 'union');
       END IF;
       IF NEW.government_agreed_by IS DISTINCT FROM OLD.government_agreed_by OR TG_OP = 'INSERT' THEN
         PERFORM app_require_side(NEW.tenant_id, NEW.government_agreed_by, 'gov');
       END IF;
       RETURN NEW;
     END $$`,
		`CREATE TRIGGER public_releases_two_people AFTER INSERT OR UPDATE ON public_releases
     FOR EACH ROW EXECUTE FUNCTION public_releases_two_people()`,
		// (public_releases already refuses one person agreeing for both sides: a CHECK since 2026-11-29.)

		// Links by mail: the token is written by the mailing process only.
		"ALTER TABLE invitations ALTER COLUMN token_id DROP NOT NULL",
		"ALTER TABLE invitations ALTER COLUMN secret_hash DROP NOT NULL",
		"ALTER TABLE invitations ADD COLUMN sent_at timestamptz",
		"ALTER TABLE invitations ADD COLUMN send_count integer NOT NULL DEFAULT 0",
		// The outbox message that minted the current link: a retried delivery sends nothing twice.
		"ALTER TABLE invitations ADD COLUMN delivery_id uuid",
		// Links shown to administrators before this migration stop working: they are mailed anew on resend.
		"UPDATE invitations SET token_id = NULL, secret_hash = NULL WHERE status = 'pending'",
		"ALTER TABLE invitations ADD CONSTRAINT invitations_token_pair CHECK ((token_id IS NULL) = (secret_hash IS NULL))",
		`REVOKE INSERT ON invitations FROM ${APP_ROLE}`,
		`GRANT INSERT (tenant_id, id, tenant_name, tenant_kind, email, display_name, phone, roles, invited_by, status, expires_at)
       ON invitations TO ${APP_ROLE}`,
		// Resending renews a pending invitation's term (its link is minted again when mailed).
		`CREATE POLICY invitations_resend ON invitations FOR UPDATE TO ${APP_ROLE}
       USING (tenant_id = ${cur} AND status = 'pending') WITH CHECK (tenant_id = ${cur} AND status = 'pending')`,
		`GRANT UPDATE (expires_at) ON invitations TO ${APP_ROLE}`,

		"ALTER TABLE password_tokens ADD COLUMN purpose text NOT NULL DEFAULT 'set' CHECK (purpose IN ('set', 'reset'))",
		"ALTER TABLE password_tokens ADD COLUMN delivery_id uuid UNIQUE",
		"DROP POLICY password_tokens_issue ON password_tokens",
		`REVOKE INSERT ON password_tokens FROM ${APP_ROLE}`,
		// Set-password links shown to administrators before this migration stop working.
		"UPDATE password_tokens SET revoked_at = now() WHERE used_at IS NULL AND revoked_at IS NULL",

		// Forgotten passwords: every request is kept (for the limits per address and per source),
		// whether or not the address has an account; only the functions below read or write it.
		`CREATE TABLE password_reset_requests (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      email text NOT NULL CHECK (length(email) <= 320),
      ip text,
      throttled boolean NOT NULL,
      at timestamptz NOT NULL DEFAULT now()
    )`,
		"CREATE INDEX password_reset_requests_email ON password_reset_requests (email, at)",
		"CREATE INDEX password_reset_requests_ip ON password_reset_requests (ip, at)",
		"ALTER TABLE password_reset_requests ENABLE ROW LEVEL SECURITY",
		"ALTER TABLE password_reset_requests FORCE ROW LEVEL SECURITY",

		"ALTER TABLE security_events DROP CONSTRAINT security_events_kind_check",
		`ALTER TABLE security_events ADD CONSTRAINT security_events_kind_check
       CHECK (kind IN ('login_succeeded', 'login_failed', 'login_throttled', 'logout', 'password_changed',
                       'email_settings_changed', 'password_reset_requested', 'password_reset'))`,
	]);

	// One narrow door for the anonymous form: it records the request, applies both limits, and only
	// for an active account writes the outbox row that mails the link and the person's security
	// event. It answers the same for an address with or without an account.
	await sql
		.raw(`CREATE FUNCTION app_request_password_reset(p_email text, p_ip text, p_user_agent text, p_request_id text,
       per_address integer, per_source integer) RETURNS text
     LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
     DECLARE
       acct users%ROWTYPE;
       home uuid;
       limited boolean;
     BEGIN
       IF coalesce(current_setting('app.auth', true), '') <> 'authenticator' THEN
         RAISE EXCEPTION 'password reset requests come from the sign-in unit of work' USING ERRCODE = 'insufficient_privilege';
       END IF;
       p_email := lower(left(p_email, 320));
       limited := (SELECT count(*) FROM password_reset_requests r
                   WHERE r.email = p_email AND r.at > now() - interval '1 hour') >= per_address
               OR (p_ip IS NOT NULL AND (SELECT count(*) FROM password_reset_requests r
                   WHERE r.ip = p_ip AND r.at > now() - interval '1 hour') >= per_source);
       INSERT INTO password_reset_requests (email, ip, throttled) VALUES (p_email, p_ip, limited);
       IF limited THEN RETURN 'throttled'; END IF;
       SELECT * INTO acct FROM users WHERE email = p_email AND disabled_at IS NULL;
       IF FOUND THEN
         home := coalesce(acct.created_in, (SELECT m.tenant_id FROM memberships m
                   WHERE m.user_id = acct.id ORDER BY m.created_at LIMIT 1));
         IF home IS NOT NULL THEN
           INSERT INTO outbox (tenant_id, topic, payload)
             VALUES (home, 'password.reset_requested',
                     jsonb_build_object('userId', acct.id, 'deliveryId', gen_random_uuid()));
         END IF;
         INSERT INTO security_events (kind, email, user_id, ip, user_agent, request_id)
           VALUES ('password_reset_requested', p_email, acct.id, p_ip, left(p_user_agent, 300), p_request_id);
       END IF;
       RETURN 'sent';
     END $$`)
		.execute(db);

	// An administrator asks for a set-password link for an account the unit holds (ADR 0008): the
	// request goes to the outbox; the link is minted and mailed to the account's own address.
	await run([
		"REVOKE ALL ON FUNCTION app_request_password_reset(text, text, text, text, integer, integer) FROM PUBLIC",
		`GRANT EXECUTE ON FUNCTION app_request_password_reset(text, text, text, text, integer, integer) TO ${APP_ROLE}`,
	]);
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const statement of [
		"DROP FUNCTION IF EXISTS app_request_password_reset(text, text, text, text, integer, integer)",
		"DROP TABLE IF EXISTS password_reset_requests",
		"DELETE FROM security_events WHERE kind IN ('password_reset_requested', 'password_reset')",
		"ALTER TABLE security_events DROP CONSTRAINT security_events_kind_check",
		`ALTER TABLE security_events ADD CONSTRAINT security_events_kind_check
       CHECK (kind IN ('login_succeeded', 'login_failed', 'login_throttled', 'logout', 'password_changed',
                       'email_settings_changed'))`,
		"DELETE FROM password_tokens WHERE purpose = 'reset'",
		"ALTER TABLE password_tokens DROP COLUMN IF EXISTS delivery_id",
		"ALTER TABLE password_tokens DROP COLUMN IF EXISTS purpose",
		`GRANT INSERT ON password_tokens TO ${APP_ROLE}`,
		`CREATE POLICY password_tokens_issue ON password_tokens FOR INSERT TO ${APP_ROLE} WITH CHECK (
       issued_in = (SELECT app_current_tenant()) AND issued_by = (SELECT app_current_user())
       AND app_account_managed_by(user_id, (SELECT app_current_tenant())))`,
		"DROP POLICY IF EXISTS invitations_resend ON invitations",
		`REVOKE UPDATE (expires_at) ON invitations FROM ${APP_ROLE}`,
		`GRANT INSERT ON invitations TO ${APP_ROLE}`,
		"ALTER TABLE invitations DROP CONSTRAINT IF EXISTS invitations_token_pair",
		"UPDATE invitations SET status = 'revoked', answered_at = now() WHERE token_id IS NULL AND status = 'pending'",
		"UPDATE invitations SET token_id = 'revoked-' || replace(id::text, '-', ''), secret_hash = '\\x00' WHERE token_id IS NULL",
		"ALTER TABLE invitations ALTER COLUMN token_id SET NOT NULL",
		"ALTER TABLE invitations ALTER COLUMN secret_hash SET NOT NULL",
		"ALTER TABLE invitations DROP COLUMN IF EXISTS delivery_id",
		"ALTER TABLE invitations DROP COLUMN IF EXISTS send_count",
		"ALTER TABLE invitations DROP COLUMN IF EXISTS sent_at",
		"DROP TRIGGER IF EXISTS public_releases_two_people ON public_releases",
		"DROP FUNCTION IF EXISTS public_releases_two_people()",
		"DROP TRIGGER IF EXISTS minutes_reviews_two_people ON minutes_reviews",
		"DROP FUNCTION IF EXISTS minutes_reviews_two_people()",
		"DROP TRIGGER IF EXISTS topic_agreements_two_people ON topic_agreements",
		"DROP FUNCTION IF EXISTS topic_agreements_two_people()",
		"DROP TRIGGER IF EXISTS meeting_consents_two_people ON meeting_consents",
		"DROP FUNCTION IF EXISTS meeting_consents_two_people()",
		"DROP FUNCTION IF EXISTS app_require_side(uuid, uuid, text)",
		"DROP TRIGGER IF EXISTS memberships_not_own_roles ON memberships",
		"DROP FUNCTION IF EXISTS memberships_not_own_roles()",
		"ALTER TABLE invitations DROP CONSTRAINT IF EXISTS invitations_one_side",
		"ALTER TABLE memberships DROP CONSTRAINT IF EXISTS memberships_one_side",
		"DROP FUNCTION IF EXISTS app_member_side(uuid, uuid)",
		"DROP FUNCTION IF EXISTS app_roles_side(text[])",
	]) {
		await sql.raw(statement).execute(db);
	}
}
