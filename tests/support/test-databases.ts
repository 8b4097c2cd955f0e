import { randomBytes } from "node:crypto";
import pg from "pg";

/** The PostgreSQL server the tests use; they create and drop their own databases on it. */
export const adminUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

function withDatabase(url: string, name: string): string {
	const u = new URL(url);
	u.pathname = `/${name}`;
	return u.toString();
}

/** Creates an empty database with a unique name; returns its owner URL and a function that drops it. */
export async function createTestDatabase(label: string): Promise<{ url: string; name: string; drop(): Promise<void> }> {
	const name = `lianxi_test_${label}_${randomBytes(4).toString("hex")}`;
	const admin = new pg.Client({ connectionString: withDatabase(adminUrl, "postgres") });
	try {
		await admin.connect();
	} catch (error) {
		throw new Error(
			`Cannot reach PostgreSQL at ${adminUrl} (${(error as Error).message}). Start it, or set DATABASE_URL to a server where the user may create databases.`,
		);
	}
	await admin.query(`CREATE DATABASE ${name}`);
	await admin.end();
	return {
		name,
		url: withDatabase(adminUrl, name),
		async drop() {
			const client = new pg.Client({ connectionString: withDatabase(adminUrl, "postgres") });
			await client.connect();
			await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
			await client.end();
		},
	};
}
