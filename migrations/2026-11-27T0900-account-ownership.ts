import { type Kysely, sql } from "kysely";

// Frozen in time: imports nothing from the app.
const APP_ROLE = "lianxi_app";

/**
 * Account ownership across units (ADR 0008). A unit's administrator manages memberships in that
 * unit and never another person's credentials:
 * - password links, password and email changes, ending sessions and account-wide disabling need an
 *   account that this unit created, that belongs to no other unit and that has never signed in
 *   (`app_account_managed_by`), or the person themself;
 * - nobody becomes a member without consent: a membership is only ever created by answering an
 *   invitation (`app_answer_invitation`), by the invited person signed in, or right after that
 *   person set up a new account from the invitation link.
 */
export async function up(db: Kysely<any>): Promise<void> {
	const run = async (statements: string[]) => {
		for (const statement of statements) await sql.raw(statement).execute(db);
	};
	const cur = "(SELECT app_current_tenant())";
	const me = "(SELECT app_current_user())";
	const auth = "(SELECT app_is_authenticator())";

	await run([
		"ALTER TABLE users ADD COLUMN created_in uuid REFERENCES tenants (id)",
		"ALTER TABLE users ADD COLUMN first_signed_in_at timestamptz",
		// Accounts that exist: the unit of their earliest membership created them; a past sign-in counts.
		`UPDATE users u SET created_in = (
       SELECT m.tenant_id FROM memberships m WHERE m.user_id = u.id ORDER BY m.created_at, m.tenant_id LIMIT 1)`,
		`UPDATE users u SET first_signed_in_at = least(
       (SELECT min(e.at) FROM security_events e WHERE e.user_id = u.id AND e.kind = 'login_succeeded'),
       (SELECT min(s.created_at) FROM sessions s WHERE s.user_id = u.id))`,
		"ALTER TABLE password_tokens ADD COLUMN revoked_at timestamptz",
		// The person changes their own password (the only way once the account is theirs): recorded.
		"ALTER TABLE security_events DROP CONSTRAINT security_events_kind_check",
		`ALTER TABLE security_events ADD CONSTRAINT security_events_kind_check
       CHECK (kind IN ('login_succeeded', 'login_failed', 'login_throttled', 'logout', 'password_changed'))`,
		// The first sign-in is a fact: once recorded it never goes back (it ends the unit's hold on the account).
		`CREATE FUNCTION users_keep_first_sign_in() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       NEW.first_signed_in_at := coalesce(OLD.first_signed_in_at, NEW.first_signed_in_at);
       NEW.created_in := OLD.created_in;
       RETURN NEW;
     END $$`,
		`CREATE TRIGGER users_keep_first_sign_in BEFORE UPDATE ON users
     FOR EACH ROW EXECUTE FUNCTION users_keep_first_sign_in()`,

		`CREATE TABLE invitations (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      -- What the invited person reads before they can see the unit itself (they are no member yet).
      tenant_name text NOT NULL CHECK (length(tenant_name) BETWEEN 1 AND 100),
      tenant_kind text NOT NULL CHECK (tenant_kind IN ('city', 'county', 'zone', 'industry')),
      email text NOT NULL CHECK (email = lower(email) AND email ~ '^[^@\\s]+@[^@\\s]+$'),
      display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 100),
      phone text CHECK (phone ~ '^[0-9+() -]{5,20}$'),
      roles text[] NOT NULL CHECK (
        cardinality(roles) > 0 AND roles <@ ARRAY['admin', 'gov_head', 'gov_liaison', 'gov_deputy_secretary',
          'gov_office', 'union_chair', 'union_vice_chair', 'union_staff', 'department_liaison', 'viewer']::text[]
      ),
      token_id text NOT NULL CHECK (length(token_id) BETWEEN 20 AND 64),
      secret_hash bytea NOT NULL,
      invited_by uuid REFERENCES users (id),
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'declined', 'revoked')),
      answered_by uuid REFERENCES users (id),
      answered_at timestamptz,
      expires_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      -- Unique keys carry tenant_id (Citus-ready); a token id is 160 random bits, found by its index.
      UNIQUE (tenant_id, token_id),
      CHECK ((status = 'pending') = (answered_at IS NULL))
    )`,
		"CREATE INDEX invitations_token ON invitations (token_id)",
		"CREATE UNIQUE INDEX invitations_one_pending ON invitations (tenant_id, email) WHERE status = 'pending'",
		"CREATE INDEX invitations_email ON invitations (email) WHERE status = 'pending'",
		"ALTER TABLE invitations ENABLE ROW LEVEL SECURITY",
		"ALTER TABLE invitations FORCE ROW LEVEL SECURITY",

		// Narrow answers for the policies below; each reads other tables without RLS, so each returns
		// a boolean or the caller's own email and nothing else.
		`CREATE FUNCTION app_account_managed_by(target uuid, this_tenant uuid) RETURNS boolean
     LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
       SELECT EXISTS (
         SELECT 1 FROM users u
         WHERE u.id = target AND u.created_in = this_tenant AND u.first_signed_in_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = target AND m.tenant_id <> this_tenant))
     $$`,
		`CREATE FUNCTION app_current_user_email() RETURNS text
     LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
       SELECT email FROM users WHERE id = nullif(current_setting('app.user_id', true), '')::uuid
     $$`,
	]);

	// Answering an invitation: the only way a membership comes to be. Consent is the person's own
	// session (target = the acting user), or the authenticator unit of work right after it created
	// the account from this invitation's link (created here, no membership anywhere yet).
	await sql
		.raw(`CREATE FUNCTION app_answer_invitation(invitation uuid, target uuid, answer text,
       req_ip text, req_user_agent text, req_id text) RETURNS uuid
     LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
     DECLARE
       inv invitations%ROWTYPE;
       acct users%ROWTYPE;
       tenant_slug text;
     BEGIN
       IF answer NOT IN ('accepted', 'declined') THEN
         RAISE EXCEPTION 'answer must be accepted or declined' USING ERRCODE = 'check_violation';
       END IF;
       SELECT * INTO inv FROM invitations WHERE id = invitation FOR UPDATE;
       IF NOT FOUND OR inv.status <> 'pending' OR inv.expires_at <= now() THEN RETURN NULL; END IF;
       SELECT * INTO acct FROM users WHERE id = target;
       IF NOT FOUND OR acct.email <> inv.email OR acct.disabled_at IS NOT NULL THEN RETURN NULL; END IF;
       IF NOT (
         target = nullif(current_setting('app.user_id', true), '')::uuid
         OR (coalesce(current_setting('app.auth', true), '') = 'authenticator'
             AND answer = 'accepted' AND acct.created_in = inv.tenant_id
             AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = target))
       ) THEN
         RETURN NULL;
       END IF;
       UPDATE invitations SET status = answer, answered_by = target, answered_at = now()
         WHERE tenant_id = inv.tenant_id AND id = inv.id;
       IF answer = 'accepted' THEN
         INSERT INTO memberships (tenant_id, user_id, roles) VALUES (inv.tenant_id, target, inv.roles);
       END IF;
       INSERT INTO audit_events (tenant_id, actor_user_id, action, entity_type, entity_id, after, ip, user_agent, request_id)
         VALUES (inv.tenant_id, target, 'member.invitation_' || answer, 'user', target::text,
                 jsonb_build_object('invitation_id', inv.id, 'email', inv.email, 'roles', to_jsonb(inv.roles)),
                 req_ip, req_user_agent, req_id);
       IF inv.invited_by IS NOT NULL AND inv.invited_by <> target THEN
         SELECT slug INTO tenant_slug FROM tenants WHERE id = inv.tenant_id;
         INSERT INTO notifications (tenant_id, user_id, kind, entity_type, entity_id, link, params)
           VALUES (inv.tenant_id, inv.invited_by, 'invitation.' || answer, 'user', target::text,
                   '/t/' || tenant_slug || '/members', jsonb_build_object('name', acct.display_name));
         INSERT INTO outbox (tenant_id, topic, payload)
           VALUES (inv.tenant_id, 'invitation.answered',
                   jsonb_build_object('invitationId', inv.id, 'answer', answer, 'userId', inv.invited_by));
       END IF;
       RETURN inv.tenant_id;
     END $$`)
		.execute(db);

	const managed = (column: string) => `app_account_managed_by(${column}, ${cur})`;
	await run([
		// users: read as before; change only oneself, an account this unit manages, or (authenticator)
		// on sign-in and on redeeming a set-password link.
		"DROP POLICY users_update ON users",
		`CREATE POLICY users_update_self ON users FOR UPDATE TO ${APP_ROLE} USING (id = ${me}) WITH CHECK (id = ${me})`,
		`CREATE POLICY users_update_managed ON users FOR UPDATE TO ${APP_ROLE}
       USING (${managed("id")}) WITH CHECK (${managed("id")})`,
		// A new account comes from an invitation link only, in the authenticator unit of work.
		"DROP POLICY users_add ON users",
		// Adding a member no longer looks accounts up by email: the answer must not depend on it.
		"DROP POLICY users_lookup_by_email ON users",
		`CREATE POLICY users_add_by_invitation ON users FOR INSERT TO ${APP_ROLE} WITH CHECK (
       ${auth} AND first_signed_in_at IS NULL AND EXISTS (
         SELECT 1 FROM invitations i WHERE i.tenant_id = users.created_in AND i.email = users.email
           AND i.status = 'pending' AND i.expires_at > now()))`,
		"REVOKE UPDATE ON users FROM lianxi_app",
		`GRANT UPDATE (email, display_name, phone, password_hash, preferred_lang, disabled_at, first_signed_in_at, updated_at)
       ON users TO ${APP_ROLE}`,

		// Sessions: a unit ends only the sessions of an account it manages.
		"DROP POLICY sessions_end_member ON sessions",
		`CREATE POLICY sessions_end_managed ON sessions FOR DELETE TO ${APP_ROLE} USING (${managed("user_id")})`,

		// Memberships are created by app_answer_invitation only.
		"DROP POLICY memberships_write ON memberships",

		// Set-password links: only for an account this unit manages.
		"DROP POLICY password_tokens_issue ON password_tokens",
		`CREATE POLICY password_tokens_issue ON password_tokens FOR INSERT TO ${APP_ROLE} WITH CHECK (
       issued_in = ${cur} AND issued_by = ${me} AND ${managed("user_id")})`,
		`GRANT UPDATE (revoked_at) ON password_tokens TO ${APP_ROLE}`,

		// Invitations: the inviting unit sees and revokes its own; the invited person sees theirs
		// (by email); the authenticator reads one by its token to show the invitation page.
		`CREATE POLICY invitations_unit ON invitations FOR SELECT TO ${APP_ROLE} USING (tenant_id = ${cur})`,
		`CREATE POLICY invitations_invite ON invitations FOR INSERT TO ${APP_ROLE}
       WITH CHECK (tenant_id = ${cur} AND invited_by = ${me} AND status = 'pending')`,
		`CREATE POLICY invitations_revoke ON invitations FOR UPDATE TO ${APP_ROLE}
       USING (tenant_id = ${cur} AND status = 'pending') WITH CHECK (tenant_id = ${cur} AND status = 'revoked')`,
		`CREATE POLICY invitations_mine ON invitations FOR SELECT TO ${APP_ROLE}
       USING (email = (SELECT app_current_user_email()))`,
		`CREATE POLICY invitations_by_token ON invitations FOR SELECT TO ${APP_ROLE} USING (${auth})`,
		`GRANT SELECT, INSERT ON invitations TO ${APP_ROLE}`,
		`GRANT UPDATE (status, answered_at) ON invitations TO ${APP_ROLE}`,

		"REVOKE ALL ON FUNCTION app_account_managed_by(uuid, uuid) FROM PUBLIC",
		"REVOKE ALL ON FUNCTION app_current_user_email() FROM PUBLIC",
		"REVOKE ALL ON FUNCTION app_answer_invitation(uuid, uuid, text, text, text, text) FROM PUBLIC",
		`GRANT EXECUTE ON FUNCTION app_account_managed_by(uuid, uuid), app_current_user_email(),
       app_answer_invitation(uuid, uuid, text, text, text, text) TO ${APP_ROLE}`,

		// Links issued before this rule for accounts that now fail it stop working.
		`UPDATE password_tokens SET revoked_at = now()
       WHERE used_at IS NULL AND revoked_at IS NULL
         AND (issued_in IS NULL OR NOT app_account_managed_by(user_id, issued_in))`,
	]);
}

export async function down(db: Kysely<any>): Promise<void> {
	const cur = "(SELECT app_current_tenant())";
	const me = "(SELECT app_current_user())";
	for (const statement of [
		"DROP TABLE IF EXISTS invitations CASCADE",
		"DROP POLICY IF EXISTS users_update_self ON users",
		"DROP POLICY IF EXISTS users_update_managed ON users",
		"DROP POLICY IF EXISTS users_add_by_invitation ON users",
		"DROP POLICY IF EXISTS sessions_end_managed ON sessions",
		"DROP POLICY IF EXISTS password_tokens_issue ON password_tokens",
		"DROP FUNCTION IF EXISTS app_answer_invitation(uuid, uuid, text, text, text, text)",
		"DROP FUNCTION IF EXISTS app_account_managed_by(uuid, uuid)",
		"DROP FUNCTION IF EXISTS app_current_user_email()",
		"DROP TRIGGER IF EXISTS users_keep_first_sign_in ON users",
		"DROP FUNCTION IF EXISTS users_keep_first_sign_in()",
		`CREATE POLICY users_lookup_by_email ON users FOR SELECT TO ${APP_ROLE} USING (
       ${cur} IS NOT NULL AND email = nullif(current_setting('app.lookup_email', true), ''))`,
		`GRANT UPDATE ON users TO ${APP_ROLE}`,
		`CREATE POLICY users_update ON users FOR UPDATE TO ${APP_ROLE} USING (
       id = ${me} OR EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = users.id AND m.tenant_id = ${cur}))`,
		`CREATE POLICY users_add ON users FOR INSERT TO ${APP_ROLE} WITH CHECK (${cur} IS NOT NULL)`,
		`CREATE POLICY sessions_end_member ON sessions FOR DELETE TO ${APP_ROLE} USING (
       EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = sessions.user_id AND m.tenant_id = ${cur}))`,
		`CREATE POLICY memberships_write ON memberships FOR INSERT TO ${APP_ROLE} WITH CHECK (tenant_id = ${cur})`,
		`CREATE POLICY password_tokens_issue ON password_tokens FOR INSERT TO ${APP_ROLE} WITH CHECK (
       issued_in = ${cur} AND issued_by = ${me}
       AND EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = password_tokens.user_id AND m.tenant_id = ${cur}))`,
		"ALTER TABLE password_tokens DROP COLUMN IF EXISTS revoked_at",
		"DELETE FROM security_events WHERE kind = 'password_changed'",
		"ALTER TABLE security_events DROP CONSTRAINT security_events_kind_check",
		`ALTER TABLE security_events ADD CONSTRAINT security_events_kind_check
       CHECK (kind IN ('login_succeeded', 'login_failed', 'login_throttled', 'logout'))`,
		"ALTER TABLE users DROP COLUMN IF EXISTS first_signed_in_at",
		"ALTER TABLE users DROP COLUMN IF EXISTS created_in",
	]) {
		await sql.raw(statement).execute(db);
	}
}
