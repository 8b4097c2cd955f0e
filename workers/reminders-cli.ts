// `npm run reminders [-- --date YYYY-MM-DD]`: runs the day's reminder sweep at once and delivers what
// it produces (the outbox, worked in this process), against DATABASE_URL and SMTP_URL like the app.
import { loadConfig } from "#app/lib/config.server.ts";
import { createLogger } from "#app/lib/logger.server.ts";
import { openDatabase } from "#db/client.ts";
import { DeliveryTally, describeLinks } from "./delivery-tally.ts";
import { createMailer } from "./email/mailer.ts";
import { OutboxRunner } from "./in-process-runner.ts";
import { outboxCounts } from "./outbox-store.ts";
import { chinaDay } from "./reminders/reminder-calendar.ts";
import { runReminderSweep } from "./reminders/reminder-sweep.ts";

const at = process.argv.indexOf("--date");
const day = at > 0 ? process.argv[at + 1] : chinaDay(new Date());
if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(day))) {
	console.error("usage: npm run reminders [-- --date YYYY-MM-DD]");
	process.exit(2);
}

try {
	const config = loadConfig();
	// Failures are counted and summarised below; the log keeps to errors unless asked for more.
	const log = createLogger(config.LOG_LEVEL === "info" ? "error" : config.LOG_LEVEL);
	const db = await openDatabase({ env: config });
	const mailer = createMailer({ smtpUrl: config.SMTP_URL, dataDir: config.DATA_DIR, from: config.MAIL_FROM });
	let exitCode = 0;
	try {
		const result = await runReminderSweep(db, day);
		const tally = new DeliveryTally();
		const runner = new OutboxRunner(
			{ db, mailer, publicUrl: config.publicUrl, log, now: () => new Date() },
			{ onSettled: (m, error) => tally.add(m.id, error) },
		);
		await runner.drain();
		const counts = await outboxCounts(db.owner);
		console.log(
			`reminders for ${day}: ${result.reminders} sent (${result.notifications} notifications in ${result.units} units)`,
		);
		for (const line of tally.report({ mail: mailer.describe, links: describeLinks(config), ...counts }))
			console.log(line);
		exitCode = tally.nothingDelivered ? 1 : 0;
	} finally {
		mailer.close();
		await db.close();
	}
	process.exit(exitCode);
} catch (error) {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
}
