import type { Config } from "#app/lib/config.server.ts";

/** Headers on every response. The CSP allows scripts only from this origin and with this response's nonce. */
export function securityHeaders({ nonce, config }: { nonce: string; config: Config }): [string, string][] {
	const dev = config.NODE_ENV === "development";
	const csp = [
		"default-src 'self'",
		`script-src 'self' 'nonce-${nonce}'`,
		// Vite's dev server injects styles inline; the production build ships one stylesheet.
		dev ? "style-src 'self' 'unsafe-inline'" : "style-src 'self'",
		"img-src 'self' data:",
		"font-src 'self'",
		dev ? "connect-src 'self' ws:" : "connect-src 'self'",
		"object-src 'none'",
		"base-uri 'self'",
		"form-action 'self'",
		"frame-ancestors 'none'",
	].join("; ");
	const headers: [string, string][] = [
		["Content-Security-Policy", csp],
		["X-Content-Type-Options", "nosniff"],
		["X-Frame-Options", "DENY"],
		["Referrer-Policy", "strict-origin-when-cross-origin"],
		["Cross-Origin-Opener-Policy", "same-origin"],
		["Cross-Origin-Resource-Policy", "same-origin"],
		["Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"],
	];
	if (config.cookieSecure) headers.push(["Strict-Transport-Security", "max-age=31536000; includeSubDomains"]);
	return headers;
}
