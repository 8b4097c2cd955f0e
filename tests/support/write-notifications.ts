// A writer process for the scale-out test: appends notifications (and their outbox rows) to one
// unit, in small transactions, as the app's use cases do. Usage: node write-notifications.ts <tenantId> <userId> <count>
import { notifyMany } from "#app/domain/notifications/notify.server.ts";
import { openDatabase } from "#db/client.ts";
import { parseDatabaseEnv } from "#db/database-env.ts";
import { runAs } from "#db/run-as.ts";

const [tenantId, userId, countText] = process.argv.slice(2);
const count = Number(countText);
const db = await openDatabase({ env: parseDatabaseEnv() });
for (let i = 0; i < count; i += 10) {
	await runAs(db.app, { userId: null, tenantId: tenantId as string }, (tx) =>
		notifyMany(
			tx,
			Array.from({ length: Math.min(10, count - i) }, (_, j) => ({
				notice: {
					tenantId: tenantId as string,
					kind: "matter.reminder",
					entityType: "decided_matter",
					entityId: `${process.pid}-${i + j}`,
					link: "/",
					params: { title: `写入 ${i + j}` },
				},
				userIds: [userId as string],
			})),
		),
	);
}
await db.close();
