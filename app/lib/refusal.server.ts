import { data } from "react-router";
import { AppError, httpStatusOf } from "#app/domain/app-error.ts";
import { Refusal } from "#app/domain/refusal.ts";
import { withParams } from "#app/domain/text-fields.ts";

/**
 * How every route answers a use case that refused (the one helper, STYLE): a step that is not
 * possible *now* (`invalid_state`) is an inline message on the page, with what was typed kept; a
 * person who may not take it (`forbidden`) gets 403, something that is not there 404, and anything
 * else is not a refusal and goes on to the error boundary.
 */
export function inlineRefusal(error: unknown): string {
	// A message that names someone or something carries it along (`key#{…}`, read by messageOf).
	if (error instanceof Refusal && error.code === "invalid_state") return withParams(error.reason, error.params);
	if (error instanceof AppError) throw data(null, { status: httpStatusOf[error.code] });
	throw error;
}
