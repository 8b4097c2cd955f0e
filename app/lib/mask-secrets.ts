const tail = (token: string) => `****${token.length >= 12 ? token.slice(-4) : ""}`;

/**
 * Masks group robots' secrets in any text — log lines, stored errors, a platform's answer: the values
 * of `key=`, `access_token=` and `sign=`, a body's `"sign":"…"`, and the token after `/hook/`. At most
 * the last four characters of a token stay (as in the pages' masks); a signature stays not at all.
 */
export function maskSecrets(text: string): string {
	return text
		.replace(/\b(key|access_token)=([^&\s"'<>\\]+)/gi, (_, name: string, value: string) => `${name}=${tail(value)}`)
		.replace(/\bsign=([^&\s"'<>\\]+)/gi, "sign=****")
		.replace(/("sign\\?"\s*:\s*\\?")[^"\\]*(\\?")/gi, "$1****$2")
		.replace(/\/hook\/([A-Za-z0-9_-]+)/g, (_, token: string) => `/hook/${tail(token)}`);
}
