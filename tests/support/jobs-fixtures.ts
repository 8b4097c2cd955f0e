import { type ChildProcess, spawn } from "node:child_process";
import { notifyMany } from "#app/domain/notifications/notify.server.ts";
import { createLogger } from "#app/lib/logger.server.ts";
import { type DatabaseHandle, openDatabase } from "#db/client.ts";
import { parseDatabaseEnv } from "#db/database-env.ts";
import { migrateToLatest } from "#db/migrate.ts";
import { runAs } from "#db/run-as.ts";
import type { Mailer } from "#workers/email/mailer.ts";
import type { JobContext } from "#workers/job-context.ts";
import { createMember, createTenant } from "./integration-db.ts";
import { createTestDatabase } from "./test-databases.ts";

/** A migrated database of the test file's own: the sweep and the outbox see every unit in it. */
export async function openOwnDatabase(label: string) {
	const database = await createTestDatabase(label);
	const db = await openDatabase({ env: parseDatabaseEnv({ DATABASE_URL: database.url, DATABASE_POOL_MAX: "6" }) });
	await migrateToLatest(db.owner);
	return {
		db,
		url: database.url,
		async close() {
			await db.close();
			await database.drop();
		},
	};
}

export function jobContext(db: DatabaseHandle, mailer: Mailer, now = () => new Date()): JobContext {
	return { db, mailer, publicUrl: "https://lianxi.example", log: createLogger("silent"), now };
}

/**
 * `count` in-app notifications spread over `people` members of a new unit, each with its
 * notification.created outbox row, as the domain writes them.
 */
export async function seedNotifications(db: DatabaseHandle, count: number, people = 10) {
	const tenant = await createTenant(db);
	const members: { id: string; email: string }[] = [];
	for (let i = 0; i < people; i++) members.push(await createMember(db, tenant.id, ["union_staff"]));
	await runAs(db.app, { userId: null, tenantId: tenant.id }, (tx) =>
		notifyMany(
			tx,
			Array.from({ length: count }, (_, i) => ({
				notice: {
					tenantId: tenant.id,
					kind: "meeting.requested",
					entityType: "meeting",
					entityId: String(i),
					link: `/t/${tenant.slug}/meetings`,
					params: { title: `第 ${i} 号` },
				},
				userIds: [members[i % people]?.id as string],
			})),
		),
	);
	const ids = await db.owner.selectFrom("notifications").select("id").where("tenant_id", "=", tenant.id).execute();
	return { tenant, members, notificationIds: ids.map((r) => r.id) };
}

/** `npm run worker` as a child process (node runs the TypeScript directly). */
export function spawnWorker(env: Record<string, string>): ChildProcess & { ready: Promise<boolean> } {
	const child = spawn(process.execPath, ["workers/main.ts"], {
		env: { ...process.env, NODE_ENV: "production", PUBLIC_URL: "https://lianxi.example", LOG_LEVEL: "fatal", ...env },
		stdio: ["ignore", "pipe", "inherit"],
	});
	// Resolves when it says it is ready (true), or when it exits first (false).
	const ready = new Promise<boolean>((resolve) => {
		child.stdout?.on("data", (chunk: Buffer) => {
			if (chunk.toString().includes("worker is ready")) resolve(true);
		});
		child.once("exit", () => resolve(false));
	});
	return Object.assign(child, { ready });
}

export async function killHard(child: ChildProcess) {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise((r) => child.once("exit", r));
	child.kill("SIGKILL");
	await exited;
}

export async function stopGently(child: ChildProcess) {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise((r) => child.once("exit", r));
	child.kill("SIGTERM");
	await exited;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
