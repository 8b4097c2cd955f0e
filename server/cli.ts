// `npm run db:migrate | db:seed | db:reset | backup | restore`: maintenance as the owner role.
import { hashPassword } from "#app/domain/auth/password.server.ts";
import { imChannelSealer } from "#app/domain/im-robots/demo-channel-sealer.server.ts";
import { dataDirFileStore } from "#app/lib/file-store.server.ts";
import { openDatabase } from "#db/client.ts";
import { parseDatabaseEnv } from "#db/database-env.ts";
import { dropAll, migrateToLatest } from "#db/migrate.ts";
import { seedDemo } from "#db/seed/seed-demo.ts";
import { seedScale } from "#db/seed/seed-scale.ts";
import { failedMessages, outboxCounts } from "#workers/outbox-store.ts";
import { backup, refuseEmbeddedDataDir, restore } from "./backup.ts";

const command = process.argv[2];
if (!["migrate", "seed", "reset", "backup", "restore", "outbox"].includes(command ?? "")) {
	console.error(
		"usage: tsx server/cli.ts migrate | seed | reset | backup [archive.tar.gz] | restore <archive.tar.gz> | outbox",
	);
	process.exit(2);
}

try {
	const env = parseDatabaseEnv();
	if (command === "reset") refuseUnlessConfirmed("db:reset drops every table and seeds the demo");
	if (command === "backup" || command === "restore") {
		const stamp = new Date().toISOString().replace(/[:.]/g, "-");
		const archive = process.argv[3] ?? (command === "backup" ? `backups/lianxi-${stamp}.tar.gz` : undefined);
		if (!archive) throw new Error("usage: npm run restore -- <archive.tar.gz>");
		const manifest = command === "backup" ? await backup(env, archive) : await restore(env, archive);
		const rows = Object.values(manifest.tables).reduce((sum, n) => sum + n, 0);
		console.log(
			`${command === "backup" ? "backed up to" : "restored from"} ${archive}: ${manifest.kind}, ${Object.keys(manifest.tables).length} tables, ${rows} rows, ${manifest.files} files`,
		);
		process.exit(0);
	}
	const db = await openDatabase({ env });
	try {
		if (command === "outbox") {
			// `npm run outbox`: how the delivery of emails stands, and what failed (ADR 0011).
			const counts = await outboxCounts(db.owner);
			console.log(
				`outbox: ${counts.pending} pending (oldest ${counts.oldestPendingSeconds === null ? "-" : `${Math.round(counts.oldestPendingSeconds)} s`}), ${counts.processed} done, ${counts.failed} failed`,
			);
			for (const f of await failedMessages(db.owner)) {
				console.log(
					`failed ${f.failedAt?.toISOString()} ${f.topic} ${f.tenantId}/${f.id} after ${f.attempts}: ${f.lastError}`,
				);
			}
		} else {
			await maintain(db, env);
		}
	} finally {
		await db.close();
	}
} catch (error) {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
}

/**
 * A command that destroys data runs only where the environment says development or test, or with
 * CONFIRM_RESET=yes: like the app's configuration, an unset NODE_ENV means production.
 */
function refuseUnlessConfirmed(what: string): void {
	const nodeEnv = process.env.NODE_ENV || "production";
	if (nodeEnv === "development" || nodeEnv === "test" || process.env.CONFIRM_RESET === "yes") return;
	throw new Error(
		`${what}; refused because NODE_ENV is ${process.env.NODE_ENV ? `"${nodeEnv}"` : "unset (production)"}: set CONFIRM_RESET=yes to do it anyway`,
	);
}

async function maintain(db: Awaited<ReturnType<typeof openDatabase>>, env: ReturnType<typeof parseDatabaseEnv>) {
	{
		// The demo's files go to DATA_DIR/files: never into the embedded demo's directory from PostgreSQL.
		if (env.DATABASE_URL && (command === "seed" || command === "reset")) await refuseEmbeddedDataDir(env);
		if (command === "reset") {
			await dropAll(db.owner);
			console.log("dropped all tables");
		}
		for (const line of await migrateToLatest(db.owner)) console.log(line);
		const scale = process.argv.indexOf("--scale");
		if (command === "seed" && scale > 0) {
			const units = Number(process.argv[scale + 1]);
			if (!Number.isInteger(units) || units < 1 || units > 100_000) throw new Error("--scale takes a number of units");
			const city = await db.owner.selectFrom("tenants").select("id").where("slug", "=", "smx").executeTakeFirst();
			if (!city) throw new Error("the scale data goes under the demo city (smx): run npm run db:seed first");
			await seedScale(db.owner, units);
			console.log(`scale data: ${units} more units under the city, ten years each`);
		} else if (command === "seed" || command === "reset") {
			const files = dataDirFileStore(env.DATA_DIR);
			const result = await seedDemo(db.owner, {
				hashPassword,
				files,
				imChannels: imChannelSealer({ ...process.env, DATA_DIR: env.DATA_DIR }),
			});
			console.log(
				`demo data: ${result.tenants} tenants, ${result.users} users, ${result.systems} system records and ${result.meetings} meetings added`,
			);
		}
		console.log(`done (${db.kind}${env.DATABASE_URL ? "" : `, ${env.DATA_DIR}`})`);
	}
}
