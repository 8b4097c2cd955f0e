import { runDailyWork } from "./daily-work.ts";
import { handleOutboxMessage } from "./handlers.ts";
import type { JobContext } from "./job-context.ts";
import { claimDue, MAX_ATTEMPTS, markDone, markFailed, type OutboxMessage, retryDelayMs } from "./outbox-store.ts";
import { chinaDay, nextSweepAt, sweepDueToday } from "./reminders/reminder-calendar.ts";

interface RunnerOptions {
	/** How often an idle runner looks for new rows. */
	pollMs?: number;
	batch?: number;
	/** How long a claimed row is its own before another runner may take it. */
	leaseMs?: number;
	/** Delay before a failed row is tried again (default: doubling from 2 s). */
	retryDelayMs?: (attempts: number) => number;
	/** Told of every row it settles: delivered, or failed with the error (`npm run reminders` counts them). */
	onSettled?: (message: OutboxMessage, error: unknown | null) => void;
}

/**
 * Works the outbox inside one process, without Redis: the embedded default behind `npm start`, and
 * `npm run reminders`. Rows are claimed with FOR UPDATE SKIP LOCKED, so several processes on one
 * PostgreSQL share the work; on PGlite the one app process is the one runner.
 */
export class OutboxRunner {
	readonly #ctx: JobContext;
	readonly #pollMs: number;
	readonly #batch: number;
	readonly #leaseMs: number;
	readonly #retryDelayMs: (attempts: number) => number;
	readonly #onSettled: NonNullable<RunnerOptions["onSettled"]>;
	#timer: NodeJS.Timeout | null = null;
	#running: Promise<void> | null = null;
	#stopped = true;

	constructor(ctx: JobContext, options: RunnerOptions = {}) {
		this.#ctx = ctx;
		this.#pollMs = options.pollMs ?? 1_000;
		this.#batch = options.batch ?? 20;
		this.#leaseMs = options.leaseMs ?? 120_000;
		this.#retryDelayMs = options.retryDelayMs ?? retryDelayMs;
		this.#onSettled = options.onSettled ?? (() => {});
	}

	start(): void {
		this.#stopped = false;
		this.#schedule(0);
	}

	async stop(): Promise<void> {
		this.#stopped = true;
		if (this.#timer) clearTimeout(this.#timer);
		await this.#running;
	}

	/** Works rows until none is due; returns how many it settled (tests, `npm run reminders`). */
	async drain(): Promise<number> {
		let settled = 0;
		for (;;) {
			const n = await this.runOnce();
			if (n === 0) return settled;
			settled += n;
		}
	}

	/** One batch: claim, handle, settle each row. */
	async runOnce(): Promise<number> {
		const { db, log } = this.#ctx;
		const messages = await claimDue(db.owner, { limit: this.#batch, leaseMs: this.#leaseMs, mode: "run" });
		for (const m of messages) {
			try {
				const outcome = await handleOutboxMessage(this.#ctx, m.topic, m.tenantId, m.payload, m.id);
				await markDone(db.owner, m);
				this.#onSettled(m, null);
				log.debug({ outbox: m.id, topic: m.topic, outcome }, "outbox message handled");
			} catch (error) {
				const final = m.attempts >= MAX_ATTEMPTS;
				await markFailed(db.owner, m, error, final, this.#retryDelayMs(m.attempts));
				this.#onSettled(m, error);
				log.warn({ outbox: m.id, topic: m.topic, attempts: m.attempts, final, err: error }, "outbox message failed");
			}
		}
		return messages.length;
	}

	#schedule(delay: number) {
		if (this.#stopped) return;
		this.#timer = setTimeout(() => {
			this.#running = this.runOnce()
				.then((n) => this.#schedule(n === this.#batch ? 0 : this.#pollMs))
				.catch((error) => {
					// The database is away: try again later; the rows wait in the outbox.
					this.#ctx.log.warn({ err: error }, "outbox runner: database unavailable");
					this.#schedule(Math.max(this.#pollMs, 5_000));
				});
		}, delay);
		this.#timer.unref();
	}
}

/**
 * The daily reminder sweep at 08:30 China time, in one process without Redis. A process that starts
 * after 08:30 runs today's sweep at once; reminder keys make a second run on the same day send nothing.
 */
export class DailySweepTimer {
	readonly #ctx: JobContext;
	#timer: NodeJS.Timeout | null = null;
	#running: Promise<unknown> | null = null;

	constructor(ctx: JobContext) {
		this.#ctx = ctx;
	}

	start(): void {
		if (sweepDueToday(this.#ctx.now())) this.#run();
		this.#arm();
	}

	async stop(): Promise<void> {
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
		await this.#running;
	}

	#arm() {
		const now = this.#ctx.now();
		this.#timer = setTimeout(() => {
			this.#run();
			this.#arm();
		}, nextSweepAt(now).getTime() - now.getTime());
		this.#timer.unref();
	}

	#run() {
		const day = chinaDay(this.#ctx.now());
		this.#running = runDailyWork(this.#ctx, day).catch((error) =>
			this.#ctx.log.error({ err: error, day }, "reminder sweep failed"),
		);
	}
}
