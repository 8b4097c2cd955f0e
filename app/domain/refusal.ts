import type { MessageKey } from "#app/i18n/i18n.ts";
import { AppError } from "./app-error.ts";

/**
 * A domain rule's answer, for every workflow (meetings, topics, minutes, matters, opinions): allowed,
 * or denied for the person (`forbidden`: their role or binding may not) or for the moment
 * (`invalid_state`: not now), with the message that says why.
 */
export type Denied = { ok: false; code: "forbidden" | "invalid_state"; reason: MessageKey; params?: MessageParams };
/** What a message names ("县人力资源和社会保障局"); a list (people, departments) is joined in the reader's language. */
type MessageParams = Record<string, string | number | readonly string[]>;
export type Verdict = { ok: true } | Denied;

export const allowed: Verdict = { ok: true };
export const denied = (code: Denied["code"], reason: MessageKey): Denied => ({ ok: false, code, reason });

/** The one refusal a use case throws: routes turn it into a 403 or an inline message (app/lib/refusal.server.ts). */
export class Refusal extends AppError {
	readonly reason: MessageKey;
	readonly params: MessageParams | undefined;
	constructor(verdict: Denied) {
		super(verdict.code, verdict.reason);
		this.name = "Refusal";
		this.reason = verdict.reason;
		this.params = verdict.params;
	}
}

/** Throws the verdict's refusal unless it allows (and then the verdict is the allowed one). */
export function enforce<V extends { ok: true }>(verdict: V | Denied): asserts verdict is V {
	if (!verdict.ok) throw new Refusal(verdict);
}
