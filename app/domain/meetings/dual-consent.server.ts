import type { MessageKey } from "#app/i18n/i18n.ts";
import type { Tx } from "#db/run-as.ts";
import type { DualConsentsTable, Side } from "#db/schema.ts";
import { Refusal } from "../refusal.ts";

/**
 * One side's consent to an act that needs a leader of each side (P, O1, O2: cancelling an accepted
 * meeting, withdrawing an agreed topic). Refused when this side already consented; answers the other
 * side's consent when it was given before — then the caller carries the act out.
 */
export async function consentForSide(
	tx: Tx,
	consent: {
		tenantId: string;
		subjectType: DualConsentsTable["subject_type"];
		subjectId: string;
		side: Side;
		userId: string;
		reason: string;
	},
	alreadyGiven: MessageKey,
): Promise<{ other: { side: Side; reason: string | null } | undefined }> {
	const given = await tx
		.selectFrom("dual_consents")
		.select(["side", "reason"])
		.where("tenant_id", "=", consent.tenantId)
		.where("subject_type", "=", consent.subjectType)
		.where("subject_id", "=", consent.subjectId)
		// The callers hold the subject's row lock (the meeting or the topic): consents are read in turn.
		.execute();
	if (given.some((g) => g.side === consent.side))
		throw new Refusal({ ok: false, code: "invalid_state", reason: alreadyGiven });
	await tx
		.insertInto("dual_consents")
		.values({
			tenant_id: consent.tenantId,
			subject_type: consent.subjectType,
			subject_id: consent.subjectId,
			side: consent.side,
			user_id: consent.userId,
			reason: consent.reason,
		})
		.execute();
	return { other: given.find((g) => g.side !== consent.side) };
}

/** Both sides' words, in the order they were given. */
export const bothReasons = (first: string | null, second: string) => [first, second].filter(Boolean).join("\n");
