import type { RobotBudget } from "#app/domain/im-robots/robot-budget.server.ts";
import type { FileStore } from "#app/lib/file-store.server.ts";
import type { Logger } from "#app/lib/logger.server.ts";
import type { DatabaseHandle } from "#db/client.ts";
import type { Mailer } from "./email/mailer.ts";

/** What every handler may use, the same in the app process (no Redis) and in `npm run worker`. */
export interface JobContext {
	db: DatabaseHandle;
	mailer: Mailer;
	/** Links in emails start with it (config PUBLIC_URL). */
	publicUrl: string;
	log: Logger;
	/** Now; tests move it. */
	now(): Date;
	/** The stored files (DATA_DIR/files): the daily work deletes the bytes no `files` row lists. */
	files?: FileStore;
	/** Group robots (issue 23): the per-robot budget (default: in the database; Redis under `npm run worker`); tests inject. */
	imRobots?: {
		budget?: RobotBudget;
		fetch?: typeof fetch;
		/** The loopback origin tests may post to (default: IM_ROBOT_TEST_ORIGIN outside production). */
		testOrigin?: string | null;
		/** How long a job waits for a full budget before it is put back (default 90 s). */
		maxBudgetWaitMs?: number;
	};
}
