import { spawn } from "node:child_process";
import { openDatabase } from "#db/client.ts";
import { parseDatabaseEnv } from "#db/database-env.ts";

/**
 * Today's reminder sweep, run before an app starts on a fresh demo database: the app's own catch-up
 * run at start (after 08:30 China time) then finds nothing new, so what the tests see does not
 * depend on the hour the suite runs, and no test counts rows the sweep writes meanwhile.
 */
export function runTodaysSweep(env: Record<string, string>): Promise<void> {
	return new Promise<void>((resolve, reject) => {
		const sweep = spawn(process.execPath, ["workers/reminders-cli.ts"], {
			env: { ...process.env, LOG_LEVEL: "warn", ...env },
			stdio: ["ignore", "ignore", "inherit"],
		});
		sweep.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`npm run reminders exited with ${code}`))));
	});
}

/**
 * Waits until no outbox row is due and unworked (rows that gave up excepted): what the sweep left
 * (reminder emails, report requests' notices that the handler writes into each unit) is worked by
 * the app right after it starts, and the tests begin once that is done. Fails after `ms`.
 */
export async function waitForOutboxDrained(databaseUrl: string, describe: () => string, ms = 120_000) {
	const db = await openDatabase({ env: parseDatabaseEnv({ DATABASE_URL: databaseUrl }) });
	try {
		const deadline = Date.now() + ms;
		for (;;) {
			const pending = await db.owner
				.selectFrom("outbox")
				.select((eb) => eb.fn.countAll<string>().as("n"))
				.where("processed_at", "is", null)
				.where("failed_at", "is", null)
				.where("available_at", "<=", new Date())
				.executeTakeFirstOrThrow();
			if (Number(pending.n) === 0) return;
			if (Date.now() > deadline) throw new Error(`the app left ${pending.n} outbox rows unworked:\n${describe()}`);
			await new Promise((resolve) => setTimeout(resolve, 200));
		}
	} finally {
		await db.close();
	}
}
