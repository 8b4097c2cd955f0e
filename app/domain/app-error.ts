/** Errors the domain raises on purpose; routes map the code to an HTTP status and a message. */
type AppErrorCode = "forbidden" | "not_found" | "conflict" | "invalid_state";

export class AppError extends Error {
	readonly code: AppErrorCode;
	constructor(code: AppErrorCode, message?: string) {
		super(message ?? code);
		this.name = "AppError";
		this.code = code;
	}
}

export const httpStatusOf: Record<AppErrorCode, number> = {
	forbidden: 403,
	not_found: 404,
	conflict: 409,
	invalid_state: 409,
};
