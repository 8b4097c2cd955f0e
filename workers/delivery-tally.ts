/**
 * What a command's run of the outbox did, counted per message (not per attempt): delivered, failed
 * with the reason, still pending. `npm run reminders` prints it and exits non-zero when it tried
 * messages and delivered none of them.
 */
export class DeliveryTally {
	readonly #delivered = new Set<string>();
	/** The last error of each message that has not been delivered in this run. */
	readonly #failed = new Map<string, string>();

	add(id: string, error: unknown | null): void {
		if (error === null) {
			this.#delivered.add(id);
			this.#failed.delete(id);
		} else if (!this.#delivered.has(id)) {
			this.#failed.set(id, (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "");
		}
	}

	get tried(): number {
		return this.#delivered.size + this.#failed.size;
	}

	get nothingDelivered(): boolean {
		return this.tried > 0 && this.#delivered.size === 0;
	}

	report(outbox: { mail: string; links: string; pending: number; failed: number }): string[] {
		const reasons = new Map<string, number>();
		for (const reason of this.#failed.values()) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
		return [
			`outbox messages: ${this.tried} tried, ${this.#delivered.size} delivered, ${this.#failed.size} failed (mail: ${outbox.mail}; links: ${outbox.links})`,
			...[...reasons].map(([reason, n]) => `  failed ${n}× — ${reason}`),
			`outbox now: ${outbox.pending} pending (failed ones are retried by the app or the worker), ${outbox.failed} set aside as failed`,
		];
	}
}

/**
 * Where links in emails point, as the app derives it (app/lib/config.server.ts): PUBLIC_URL, or
 * http://localhost:PORT when it is unset — then the command needs the app's PORT to agree with it.
 */
export function describeLinks(config: { PUBLIC_URL?: string; publicUrl: string }): string {
	return config.PUBLIC_URL ? config.publicUrl : `${config.publicUrl} (PUBLIC_URL unset: from PORT, as the app)`;
}
