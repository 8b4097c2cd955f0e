import { z } from "zod";
import { databaseEnvSchema, describeEnvError, emptyToUndefined } from "#db/database-env.ts";

const booleanish = z
	.enum(["true", "false", "1", "0", "yes", "no"], { error: "use true or false" })
	.transform((v) => v === "true" || v === "1" || v === "yes");

const configSchema = databaseEnvSchema.extend({
	NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
	PORT: z.coerce.number({ error: "PORT must be a port number (1–65535)" }).int().min(1).max(65535).default(3000),
	HOST: z.string().min(1).default("0.0.0.0"),
	REDIS_URL: z.url({ protocol: /^rediss?$/, error: "REDIS_URL must be a redis:// URL" }).optional(),
	LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
	/** Secure cookies with the __Host- prefix. Default: on in production. */
	COOKIE_SECURE: booleanish.optional(),
	/** Trust X-Forwarded-For / -Proto from one reverse proxy in front of the app. */
	TRUST_PROXY: booleanish.default(false),
	/** Seed the demo tenants on an empty database at start. Default: on for the embedded database. */
	SEED_DEMO: booleanish.optional(),
	/** Milliseconds that SIGTERM waits for in-flight requests before closing. */
	SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
});

export type Config = z.infer<typeof configSchema> & {
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
	const embedded = c.DATABASE_URL === undefined;
	return {
		...c,
		cookieSecure: c.COOKIE_SECURE ?? c.NODE_ENV === "production",
		embedded,
		seedDemo: c.SEED_DEMO ?? embedded,
	};
}
