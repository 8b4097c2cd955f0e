import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Whether an error means "the database cannot be reached" (refused, reset, timed out, shut down)
 * rather than "this statement failed". Pages answer the first with 503 and recover by themselves.
 */
export function isDatabaseUnreachable(error: unknown): boolean {
	if (!(error instanceof Error)) return false;
	const code = (error as { code?: unknown }).code;
	if (typeof code === "string") {
		if (["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EPIPE"].includes(code)) return true;
		// SQLSTATE class 08 (connection exception), 57P01–57P03 (shutdown, cannot connect now).
		if (/^08/.test(code) || ["57P01", "57P02", "57P03"].includes(code)) return true;
	}
	return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable/i.test(
		error.message,
	);
}

const watched = new AsyncLocalStorage<{ lost: boolean }>();

/**
 * Runs a request's work watching whether the database connection is lost anywhere in it — at
 * checkout, in a statement, at COMMIT — whatever code caught the error on the way (issue 27): such a
 * request answers the localised 503, never a 500 (app/lib/page-view-unit.server.ts).
 */
export function watchConnectionLoss<T>(watch: { lost: boolean }, work: () => Promise<T>): Promise<T> {
	return watched.run(watch, work);
}

/** Called where the pool sees an error: notes a lost connection for the request it belongs to. */
export function noteConnectionError(error: unknown): void {
	if (!isDatabaseUnreachable(error)) return;
	const watch = watched.getStore();
	if (watch) watch.lost = true;
}
