import { pino } from "pino";

/** JSON logs on stdout. Secrets never reach them: cookies, passwords and tokens are redacted by path. */
export function createLogger(level: string) {
	return pino({
		level,
		base: { service: "lianxitong" },
		redact: {
			paths: [
				"password",
				"*.password",
				"req.headers.cookie",
				"req.headers.authorization",
				'res.headers["set-cookie"]',
				"token",
				"*.token",
			],
			censor: "[redacted]",
		},
	});
}

export type Logger = ReturnType<typeof createLogger>;
