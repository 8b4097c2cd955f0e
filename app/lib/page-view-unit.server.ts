import { data, type MiddlewareFunction } from "react-router";
import { isDatabaseUnreachable, watchConnectionLoss } from "#db/connection-errors.ts";
import { withRequestUnit } from "#db/request-unit.ts";
import { servicesContext } from "./app-context.server.ts";

/**
 * Root middleware: a GET (a page view or its data) runs every database read in one unit of work,
 * committed after the page is rendered (ADR 0009). Actions (POST) keep one transaction per use
 * case, so a refused step never holds or aborts anything else.
 */
export const pageViewUnit: MiddlewareFunction<Response> = async ({ request, context }, next) => {
	const method = request.method.toUpperCase();
	const { db, log } = context.get(servicesContext);
	// A database that cannot be reached: 503 with the localised page, before any page code runs and
	// so before anything could be half-written; the pool reconnects by itself when it returns.
	const unavailable = (error: unknown) => {
		if (!isDatabaseUnreachable(error)) throw error;
		log.error({ err: error }, "database unreachable");
		throw data(null, { status: 503, headers: { "Retry-After": "5" } });
	};
	// The connection lost at any later stage — a statement, COMMIT, the release — whoever caught the
	// error (a loader's boundary answers 500): the page is the same 503 (issue 27).
	const watch = { lost: false };
	const answer = (response: Response) => {
		if (watch.lost && response.status >= 500) unavailable(new Error("Connection terminated: lost during the request"));
		return response;
	};
	const lostOr = (error: unknown) => {
		if (watch.lost || isDatabaseUnreachable(error))
			return unavailable(
				isDatabaseUnreachable(error) ? error : new Error("Connection terminated: lost during the request"),
			);
		throw error;
	};
	if (method !== "GET" && method !== "HEAD") {
		await db.ping().catch(unavailable);
		return watchConnectionLoss(watch, () => next()).then(answer, lostOr);
	}
	// BEGIN goes with the page's first read (db/request-unit.ts): when that is where the database
	// turns out to be gone, the loader that asked answers 503 in the same way.
	const onBeginFailed = (error: unknown) => {
		if (isDatabaseUnreachable(error)) unavailable(error);
	};
	return watchConnectionLoss(watch, () => withRequestUnit(db.app, { eager: true, onBeginFailed }, () => next())).then(
		answer,
		lostOr,
	);
};
