import { z } from "zod";
import { parseSecretKeys } from "#app/domain/im-robots/secret-box.server.ts";
import { databaseEnvSchema, describeEnvError, emptyToUndefined } from "#db/database-env.ts";

const booleanish = z
	.enum(["true", "false", "1", "0", "yes", "no"], { error: "use true or false" })
	.transform((v) => v === "true" || v === "1" || v === "yes");

const configSchema = databaseEnvSchema.extend({
	NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
	PORT: z.coerce.number({ error: "PORT must be a port number (1–65535)" }).int().min(1).max(65535).default(3000),
	HOST: z.string().min(1).default("0.0.0.0"),
	/** BullMQ's Redis. Unset: the outbox is worked inside the app process (ADR 0011). */
	REDIS_URL: z.url({ protocol: /^rediss?$/, error: "REDIS_URL must be a redis:// URL" }).optional(),
	/** REDIS_URL names one node of a Redis Cluster. */
	REDIS_CLUSTER: booleanish.default(false),
	/** Outgoing mail. Unset: messages are written as .eml files under DATA_DIR/mail/. */
	SMTP_URL: z.url({ protocol: /^smtps?$/, error: "SMTP_URL must be an smtp:// or smtps:// URL" }).optional(),
	MAIL_FROM: z.string().min(3).default("联席通 <noreply@lianxitong.localhost>"),
	/**
	 * The address people open the app at; every link in an email starts with it, never the request's
	 * Host header. Required when NODE_ENV=production is set; otherwise http://localhost:PORT.
	 */
	PUBLIC_URL: z.url({ protocol: /^https?$/, error: "PUBLIC_URL must be an http(s):// URL" }).optional(),
	/** `npm run worker`: jobs at once; a relayed row's lease; BullMQ's job lock (ADR 0011). */
	WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
	OUTBOX_LEASE_MS: z.coerce.number().int().min(500).max(3_600_000).default(60_000),
	WORKER_LOCK_MS: z.coerce.number().int().min(500).max(600_000).default(30_000),
	/** First retry delay of a failed job; it doubles with each attempt. */
	JOB_BACKOFF_MS: z.coerce.number().int().min(0).max(600_000).default(1_000),
	/** Work the outbox and run the daily reminders in the app process when REDIS_URL is unset. */
	RUN_JOBS: booleanish.default(true),
	LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
	/** Secure cookies with the __Host- prefix. Default: on in production. */
	COOKIE_SECURE: booleanish.optional(),
	/** Trust X-Forwarded-For / -Proto from one reverse proxy in front of the app. */
	TRUST_PROXY: booleanish.default(false),
	/** Seed the demo tenants on an empty database at start. Default: on for the embedded database. */
	SEED_DEMO: booleanish.optional(),
	/** Embed subsets of the openly licensed Noto CJK fonts in OFD minutes (off: reference the official fonts only). */
	OFD_EMBED_FONTS: booleanish.default(true),
	/**
	 * Keys that seal group robots' webhook URLs and secrets (AES-256-GCM; issue 23):
	 * "k2:<base64 of 32 bytes>,k1:<…>", the first seals, all open (rotation). Unset: an embedded
	 * installation or NODE_ENV development/test makes one in DATA_DIR/im-secret-keys; otherwise
	 * channels cannot be stored.
	 */
	IM_SECRET_KEYS: z
		.string()
		.optional()
		.superRefine((value, ctx) => {
			if (value === undefined) return;
			try {
				parseSecretKeys(value);
			} catch (error) {
				ctx.addIssue({ code: "custom", message: (error as Error).message.replace(/^IM_SECRET_KEYS: /, "") });
			}
		}),
	/** Tests only: a loopback origin robots may be posted to; ignored unless NODE_ENV is development or test. */
	IM_ROBOT_TEST_ORIGIN: z
		.url({ protocol: /^https?$/, error: "IM_ROBOT_TEST_ORIGIN must be an http(s):// URL" })
		.optional(),
	/** Milliseconds that SIGTERM waits for in-flight requests before closing. */
	SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
});

export type Config = z.infer<typeof configSchema> & {
	publicUrl: string;
	cookieSecure: boolean;
	embedded: boolean;
	seedDemo: boolean;
};

/** Reads and validates the environment once; throws one readable message listing every bad value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
	const result = configSchema.safeParse(emptyToUndefined(env));
	if (!result.success) {
		throw new Error(`Invalid configuration:\n${describeEnvError(result.error)}`);
	}
	const c = result.data;
	// An installation that says it is production says where it is reached: links are built from it.
	if (emptyToUndefined(env).NODE_ENV === "production" && c.PUBLIC_URL === undefined)
		throw new Error(
			"Invalid configuration:\n- PUBLIC_URL: required when NODE_ENV=production (the address people open, e.g. https://lianxi.example.gov.cn)",
		);
	const embedded = c.DATABASE_URL === undefined;
	return {
		...c,
		publicUrl: (c.PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/+$/, ""),
		cookieSecure: c.COOKIE_SECURE ?? c.NODE_ENV === "production",
		embedded,
		seedDemo: c.SEED_DEMO ?? embedded,
	};
}
