import { pino } from "pino";
import { maskSecrets } from "./mask-secrets.ts";

/** Where the JSON lines go: stdout, or a test's capture. */
interface LogDestination {
	write(line: string): unknown;
}

/**
 * JSON logs on stdout. Secrets never reach them: cookies, passwords and tokens are redacted by path,
 * and every line passes maskSecrets on its way out (group robots' `key=`, `access_token=`, `sign=`,
 * `/hook/<token>`, wherever they appear: a message, an error, a URL).
 */
export function createLogger(level: string, destination: LogDestination = pino.destination(1)) {
	return pino(
		{
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
		},
		{ write: (line: string) => destination.write(maskSecrets(line)) },
	);
}

export type Logger = ReturnType<typeof createLogger>;
