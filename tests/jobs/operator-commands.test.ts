import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openOwnDatabase, seedNotifications, sleep } from "#tests/support/jobs-fixtures.ts";
import { freePort } from "#tests/support/redis-servers.ts";
import { startSmtpSink } from "#tests/support/smtp-sink.ts";

/** The operator's commands as the README gives them, run as child processes (issue #28.2, .3, .5). */
const work = mkdtempSync(path.join(tmpdir(), "lianxi-operator-"));
let own: Awaited<ReturnType<typeof openOwnDatabase>>;
beforeAll(async () => {
	own = await openOwnDatabase("operator");
});
afterAll(async () => {
	await own?.close();
	rmSync(work, { recursive: true, force: true });
});

interface Run {
	code: number | null;
	out: string;
	err: string;
}

/** A command with the environment an operator's shell would have (NODE_ENV unset unless given). */
function command(args: string[], env: Record<string, string>): Promise<Run> {
	const { NODE_ENV: _unset, CONFIRM_RESET: _unset2, ...inherited } = process.env;
	return new Promise((resolve) => {
		const child = spawn(args[0] as string, args.slice(1), { env: { ...inherited, ...env } });
		let out = "";
		let err = "";
		child.stdout.on("data", (d) => {
			out += d;
		});
		child.stderr.on("data", (d) => {
			err += d;
		});
		child.once("exit", (code) => resolve({ code, out, err }));
	});
}
const cli = (args: string[], env: Record<string, string>) => command([process.execPath, "server/cli.ts", ...args], env);
const reminders = (env: Record<string, string>) => command([process.execPath, "workers/reminders-cli.ts"], env);

const tableCount = async () => {
	const { rows } = await sql<{ n: number }>`
		select count(*)::int as n from pg_tables where schemaname = 'public'`.execute(own.db.owner);
	return rows[0]?.n ?? 0;
};

describe("npm run reminders counts what happened", () => {
	it("mail that cannot be sent is counted as failed with its reason, exit 1; sent later, delivered, exit 0", async () => {
		await seedNotifications(own.db, 5, 2);
		const deadPort = await freePort();
		const env = { DATABASE_URL: own.url, DATA_DIR: path.join(work, "reminders"), PUBLIC_URL: "https://lianxi.example" };
		const failed = await reminders({ ...env, SMTP_URL: `smtp://127.0.0.1:${deadPort}` });
		const { rows } = await sql<{ n: number }>`select count(*)::int as n from outbox`.execute(own.db.owner);
		const total = rows[0]?.n ?? 0;
		expect(total).toBeGreaterThanOrEqual(5);
		expect(failed.code).toBe(1);
		expect(failed.out).toContain(`outbox messages: ${total} tried, 0 delivered, ${total} failed`);
		expect(failed.out).toContain(`failed ${total}× — `);
		expect(failed.out).toMatch(/ECONNREFUSED/);
		expect(failed.out).toContain(`outbox now: ${total} pending`);
		expect(failed.out).not.toMatch(/\b[1-9]\d* delivered/);

		// The first retry waits 2 s; then the same command with a mail server that answers delivers all.
		const smtp = await startSmtpSink();
		try {
			await sleep(2_200);
			const delivered = await reminders({ ...env, SMTP_URL: smtp.url });
			expect(delivered.err).toBe("");
			expect(delivered.code).toBe(0);
			expect(delivered.out).toContain(`outbox messages: ${total} tried, ${total} delivered, 0 failed`);
			expect(delivered.out).toContain("outbox now: 0 pending");
			expect(smtp.received).toHaveLength(total);
		} finally {
			await smtp.close();
		}
	});
});

describe("destructive and seeding commands", () => {
	it("db:seed --scale on a database without the demo says to run db:seed first", async () => {
		const run = await cli(["seed", "--scale", "2"], { DATABASE_URL: own.url, DATA_DIR: path.join(work, "pg") });
		expect(run.code).toBe(1);
		expect(run.err).toContain("run npm run db:seed first");
		const { rows } = await sql<{ n: number }>`select count(*)::int as n from tenants where slug like 'scale-%'`.execute(
			own.db.owner,
		);
		expect(rows[0]?.n).toBe(0);
	});

	it("on PostgreSQL, seed and backup refuse a DATA_DIR that holds the embedded demo's database", async () => {
		const demoDir = path.join(work, "demo-data");
		mkdirSync(path.join(demoDir, "pglite"), { recursive: true });
		writeFileSync(path.join(demoDir, "pglite", "PG_VERSION"), "18\n");
		for (const args of [["seed"], ["backup", path.join(work, "mixed.tar.gz")]]) {
			const run = await cli(args, { DATABASE_URL: own.url, DATA_DIR: demoDir });
			expect(run.code).toBe(1);
			expect(run.err).toContain(`DATA_DIR ${demoDir} holds an embedded database`);
		}
		expect(readdirSync(demoDir)).toEqual(["pglite"]);
	});

	it("db:reset with NODE_ENV unset or production drops nothing; development, test or CONFIRM_RESET=yes reset", async () => {
		const env = { DATABASE_URL: own.url, DATA_DIR: path.join(work, "pg") };
		const tables = await tableCount();
		expect(tables).toBeGreaterThan(20);
		for (const extra of [{}, { NODE_ENV: "production", CONFIRM_RESET: "no" }] as Record<string, string>[]) {
			const run = await cli(["reset"], { ...env, ...extra });
			expect(run.code).toBe(1);
			expect(run.err).toContain("set CONFIRM_RESET=yes");
			expect(run.out).not.toContain("dropped all tables");
		}
		const { rows } = await sql<{ n: number }>`select count(*)::int as n from outbox`.execute(own.db.owner);
		expect(rows[0]?.n).toBeGreaterThan(0);
		expect(await tableCount()).toBe(tables);

		const confirmed = await cli(["reset"], { ...env, CONFIRM_RESET: "yes" });
		expect(confirmed.code).toBe(0);
		expect(confirmed.out).toContain("dropped all tables");
		const after = await sql<{ n: number }>`select count(*)::int as n from outbox`.execute(own.db.owner);
		expect(after.rows[0]?.n).toBe(0);
		const scaled = await cli(["seed", "--scale", "2"], env);
		expect(scaled.code).toBe(0);
		expect(scaled.out).toContain("scale data: 2 more units");
	});
});

describe("the embedded database belongs to one process", () => {
	it("npm run backup refuses while another process holds DATA_DIR, and works once it is gone", async () => {
		const dataDir = path.join(work, "embedded");
		const holder = spawn(
			process.execPath,
			[
				"--input-type=module",
				"-e",
				`const { openDatabase } = await import("./db/client.ts");
				await openDatabase({ env: { DATA_DIR: ${JSON.stringify(dataDir)}, DATABASE_POOL_MAX: 1 } });
				console.log("holding");
				setInterval(() => {}, 1000);`,
			],
			{ stdio: ["ignore", "pipe", "inherit"] },
		);
		try {
			await new Promise<void>((resolve) =>
				holder.stdout?.on("data", (d) => String(d).includes("holding") && resolve()),
			);
			const refused = await cli(["backup", path.join(work, "refused.tar.gz")], { DATA_DIR: dataDir });
			expect(refused.code).toBe(1);
			expect(refused.err).toContain(`in use by process ${holder.pid}`);
		} finally {
			const exited = new Promise((r) => holder.once("exit", r));
			holder.kill("SIGKILL");
			await exited;
		}
		// Killed without closing: its stale process id no longer holds the directory.
		const taken = await cli(["backup", path.join(work, "taken.tar.gz")], { DATA_DIR: dataDir });
		expect(taken.err).toBe("");
		expect(taken.code).toBe(0);
		expect(taken.out).toContain("backed up to");
	});
});
