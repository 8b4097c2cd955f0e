// `npm run worker`: works the outbox through BullMQ on REDIS_URL and schedules the daily reminders.
import { loadConfig } from "#app/lib/config.server.ts";
import { dataDirFileStore } from "#app/lib/file-store.server.ts";
import { createLogger } from "#app/lib/logger.server.ts";
import { openDatabase } from "#db/client.ts";
import { defaultTuning, QUEUE_NAME, queuePrefix, redisConnection, startBullmqRuntime } from "./bullmq-runtime.ts";
import { describeLinks } from "./delivery-tally.ts";
import { createMailer } from "./email/mailer.ts";

const config = loadConfig();
const log = createLogger(config.LOG_LEVEL).child({ process: "worker" });
if (!config.REDIS_URL) {
	console.error("npm run worker needs REDIS_URL. Without Redis the app process works the outbox itself (README).");
	process.exit(2);
}
if (config.embedded) {
	console.error("npm run worker needs DATABASE_URL: the embedded database belongs to the one app process.");
	process.exit(2);
}
let prefix: string;
try {
	prefix = queuePrefix({ QUEUE_PREFIX: process.env.QUEUE_PREFIX, DATABASE_URL: config.DATABASE_URL });
	// A bad database number, or one with a cluster, is said in one line before anything connects.
	redisConnection({ url: config.REDIS_URL, cluster: config.REDIS_CLUSTER, lazy: true }).disconnect();
} catch (error) {
	console.error(error instanceof Error ? error.message : error);
	process.exit(2);
}
// Each job the worker runs at once may hold a connection; two more for the relay and the schedule.
const db = await openDatabase({
	env: { ...config, DATABASE_POOL_MAX: config.DATABASE_POOL_MAX ?? config.WORKER_CONCURRENCY + 2 },
});
const mailer = createMailer({ smtpUrl: config.SMTP_URL, dataDir: config.DATA_DIR, from: config.MAIL_FROM });
// The app's stored files (the same DATA_DIR as the app's): the daily work deletes unlisted bytes.
const files = dataDirFileStore(config.DATA_DIR);
const runtime = await startBullmqRuntime(
	{ db, mailer, publicUrl: config.publicUrl, log, now: () => new Date(), files },
	{ url: config.REDIS_URL, cluster: config.REDIS_CLUSTER, prefix },
	{
		concurrency: config.WORKER_CONCURRENCY,
		relayLeaseMs: config.OUTBOX_LEASE_MS,
		pollMs: defaultTuning.pollMs,
		lockMs: config.WORKER_LOCK_MS,
		backoffMs: config.JOB_BACKOFF_MS,
	},
);
log.info({ mail: mailer.describe, cluster: config.REDIS_CLUSTER, prefix, links: config.publicUrl }, "worker ready");
console.log(
	`联席通 worker is ready (queue ${prefix}:${QUEUE_NAME}; mail: ${mailer.describe}; links: ${describeLinks(config)})`,
);

let stopping = false;
async function stop(signal: string) {
	if (stopping) return;
	stopping = true;
	log.info({ signal }, "worker stopping: finishing running jobs");
	await runtime.close();
	mailer.close();
	await db.close();
	process.exit(0);
}
process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));
