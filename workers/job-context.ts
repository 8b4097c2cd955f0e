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
}
