import path from "node:path";
import { z } from "zod";

/** The database part of the environment. app/lib/config.server.ts extends this schema. */
export const databaseEnvSchema = z.object({
	DATABASE_URL: z
		.url({ protocol: /^postgres(ql)?$/, error: "DATABASE_URL must be a postgres:// URL" })
		.optional()
		.describe("Owner connection (migrations, seed). Unset: embedded PGlite in DATA_DIR."),
	DATABASE_APP_URL: z
		.url({ protocol: /^postgres(ql)?$/, error: "DATABASE_APP_URL must be a postgres:// URL" })
		.optional()
		.describe("App connection; default: DATABASE_URL with the user lianxi_app."),
	DATABASE_APP_PASSWORD: z.string().min(1).optional(),
	/** Unset: `appPoolDefault` in the app process; the worker sizes its pool to its concurrency. */
	DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).optional(),
	DATA_DIR: z.string().min(1).default("./.data"),
});

export type DatabaseEnv = z.infer<typeof databaseEnvSchema>;

/**
 * The app connection pool's size when DATABASE_POOL_MAX is unset (ADR 0020). A page view holds its
 * connection from its first statement until its document is rendered, and one Node process renders
 * one page at a time: beyond a few connections, more only spread the same statements over more
 * PostgreSQL backends, each woken for every statement. Measured on the meetings list at concurrency
 * 8: 4 connections against 10 cost 15 % less PostgreSQL CPU per view and served 4 % more views per
 * second (the other signed-in pages likewise). Raise it where the database is across a network or
 * where long exports run side by side with page views.
 */
export const appPoolDefault = 4;

export function pgliteDataDir(env: Pick<DatabaseEnv, "DATA_DIR">): string {
	return path.resolve(env.DATA_DIR, "pglite");
}

/** Formats zod issues as one line per variable, for start-up errors people can act on. */
export function describeEnvError(error: z.ZodError): string {
	return error.issues.map((issue) => `  ${issue.path.join(".") || "(env)"}: ${issue.message}`).join("\n");
}

export function parseDatabaseEnv(env: NodeJS.ProcessEnv = process.env): DatabaseEnv {
	const result = databaseEnvSchema.safeParse(emptyToUndefined(env));
	if (!result.success) {
		throw new Error(`Invalid database configuration:\n${describeEnvError(result.error)}`);
	}
	return result.data;
}

/** An empty variable (FOO=) means "not set", as people expect from shell files. */
export function emptyToUndefined(env: NodeJS.ProcessEnv): Record<string, string | undefined> {
	return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === "" ? undefined : v]));
}
