import { AppError } from "../app-error.ts";
import type { Refusal } from "./meeting-rules.ts";

/** A refused step: 403 for a role, 409 with the reason (an i18n key) for a state that does not allow it. */
export class MeetingRefusal extends AppError {
	readonly reason: string;
	constructor(refusal: Refusal) {
		super(refusal.code, refusal.reason);
		this.reason = refusal.reason;
	}
}
