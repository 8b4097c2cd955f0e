import { type Kysely, sql } from "kysely";

// Frozen in time: imports nothing from the app.
const APP_ROLE = "lianxi_app";

/**
 * IM group robots per unit (issue 23):
 * - `im_channels`: a unit's 企业微信 / 钉钉 / 飞书 robots. The webhook URL and the signing secret are
 *   stored only as AES-256-GCM ciphertext (iv | tag | data) with the id of the key that sealed them;
 *   `url_mask` is the only text of the URL a page may show. `categories` are the notification
 *   categories (as the email settings: meetings, minutes, matters, reminders, digest) posted there.
 * - `im_deliveries`: the delivery log, one row per attempt — outcome, platform code, masked message,
 *   attempt and latency only. `delivery_key` is "<outbox id>:<channel id>" (NULL for a test-send).
 * - `im_robot_sends`: the per-robot budget (18 a minute) when there is no Redis: one row per post.
 */
export async function up(db: Kysely<any>): Promise<void> {
	const cur = "(SELECT app_current_tenant())";
	for (const statement of [
		`CREATE TABLE im_channels (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      kind text NOT NULL CHECK (kind IN ('wecom', 'dingtalk', 'feishu')),
      name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 60),
      webhook_url_enc bytea NOT NULL CHECK (octet_length(webhook_url_enc) > 28),
      secret_enc bytea CHECK (octet_length(secret_enc) > 28),
      key_id text NOT NULL CHECK (key_id ~ '^[A-Za-z0-9_.-]{1,32}$'),
      url_mask text NOT NULL CHECK (char_length(url_mask) BETWEEN 1 AND 120),
      keyword text CHECK (char_length(keyword) BETWEEN 1 AND 20),
      categories text[] NOT NULL DEFAULT '{}'
        CHECK (categories <@ ARRAY['meetings', 'minutes', 'matters', 'reminders', 'digest']::text[]),
      enabled boolean NOT NULL DEFAULT false,
      health text NOT NULL DEFAULT 'ok' CHECK (health IN ('ok', 'failing', 'disabled')),
      last_error text CHECK (char_length(last_error) <= 500),
      last_error_at timestamptz,
      created_by uuid REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id)
    )`,
		`CREATE TABLE im_deliveries (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      channel_id uuid NOT NULL,
      outbox_id uuid,
      delivery_key text CHECK (char_length(delivery_key) <= 80),
      test boolean NOT NULL DEFAULT false,
      outcome text NOT NULL CHECK (outcome IN ('ok', 'retryable', 'permanent')),
      code text CHECK (char_length(code) <= 40),
      message text CHECK (char_length(message) <= 500),
      attempt integer NOT NULL DEFAULT 1 CHECK (attempt >= 1),
      latency_ms integer NOT NULL DEFAULT 0 CHECK (latency_ms >= 0),
      at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      FOREIGN KEY (tenant_id, channel_id) REFERENCES im_channels (tenant_id, id) ON DELETE CASCADE,
      CHECK (test OR delivery_key IS NOT NULL)
    )`,
		"CREATE INDEX im_deliveries_channel ON im_deliveries (tenant_id, channel_id, at DESC)",
		"CREATE INDEX im_deliveries_key ON im_deliveries (tenant_id, delivery_key) WHERE delivery_key IS NOT NULL",
		`CREATE TABLE im_robot_sends (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      channel_id uuid NOT NULL,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      sent_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, id),
      FOREIGN KEY (tenant_id, channel_id) REFERENCES im_channels (tenant_id, id) ON DELETE CASCADE
    )`,
		"CREATE INDEX im_robot_sends_window ON im_robot_sends (tenant_id, channel_id, sent_at)",
		...["im_channels", "im_deliveries", "im_robot_sends"].flatMap((table) => [
			`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`,
			`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`,
			`CREATE POLICY ${table}_own ON ${table} FOR ALL TO ${APP_ROLE}
         USING (tenant_id = ${cur}) WITH CHECK (tenant_id = ${cur})`,
		]),
		`GRANT SELECT, INSERT, UPDATE, DELETE ON im_channels TO ${APP_ROLE}`,
		// The delivery log is appended to, never changed.
		`GRANT SELECT, INSERT ON im_deliveries TO ${APP_ROLE}`,
		`GRANT SELECT, INSERT, DELETE ON im_robot_sends TO ${APP_ROLE}`,
		// A post that landed counts from its landing (robot-budget.server.ts).
		`GRANT UPDATE (sent_at) ON im_robot_sends TO ${APP_ROLE}`,
	]) {
		await sql.raw(statement).execute(db);
	}
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql.raw("DROP TABLE IF EXISTS im_robot_sends, im_deliveries, im_channels").execute(db);
}
