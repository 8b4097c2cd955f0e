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
	return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
		error.message,
	);
}
