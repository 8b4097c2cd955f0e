import type { Config } from "./config.server.ts";

/** The __Host- prefix binds the cookie to this origin, path / and HTTPS (production). */
function sessionCookieName(config: Pick<Config, "cookieSecure">): string {
	return config.cookieSecure ? "__Host-lxt_session" : "lxt_session";
}

export function readSessionToken(request: Request, config: Pick<Config, "cookieSecure">): string | null {
	const name = sessionCookieName(config);
	for (const part of (request.headers.get("cookie") ?? "").split(";")) {
		const [key, ...rest] = part.trim().split("=");
		if (key === name) return decodeURIComponent(rest.join("="));
	}
	return null;
}

export function sessionCookie(config: Pick<Config, "cookieSecure">, token: string, expiresAt: Date): string {
	const secure = config.cookieSecure ? "; Secure" : "";
	return `${sessionCookieName(config)}=${token}; Path=/; HttpOnly; SameSite=Lax; Expires=${expiresAt.toUTCString()}${secure}`;
}

export function clearSessionCookie(config: Pick<Config, "cookieSecure">): string {
	const secure = config.cookieSecure ? "; Secure" : "";
	return `${sessionCookieName(config)}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure}`;
}
