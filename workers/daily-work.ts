import { collectUnlistedBytes } from "#app/domain/files/collect-unlisted-bytes.server.ts";
import type { JobContext } from "./job-context.ts";
import { runReminderSweep } from "./reminders/reminder-sweep.ts";

/**
 * The day's work (08:30 China time, in the app process or under `npm run worker`): the reminder
 * sweep, then the stored bytes no unit's `files` row lists any more. Each is logged; a failure of the
 * second does not undo the first. Returns the sweep's result.
 */
export async function runDailyWork(ctx: JobContext, day: string) {
	const sweep = await runReminderSweep(ctx.db, day);
	ctx.log.info(sweep, "reminder sweep done");
	if (ctx.files) {
		try {
			ctx.log.info(await collectUnlistedBytes(ctx.db.owner, ctx.files, ctx.now()), "unlisted stored bytes collected");
		} catch (error) {
			ctx.log.error({ err: error, day }, "collecting unlisted stored bytes failed");
		}
	}
	return sweep;
}
