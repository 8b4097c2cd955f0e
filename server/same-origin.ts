/** The part of an express Request the check reads (kept narrow so tests can pass a plain object). */
interface HeaderSource {
	method: string;
	get(name: string): string | undefined;
}

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * CSRF defence for every state-changing request: the browser must say it comes from this site.
 * Sec-Fetch-Site when the browser sends it, else the Origin's host against Host. A non-GET request
 * with neither header is refused too (every current browser sends Origin on POST).
 */
export function isSameOriginRequest(req: HeaderSource): boolean {
	if (safeMethods.has(req.method)) return true;
	const site = req.get("sec-fetch-site");
	if (site) return site === "same-origin";
	const origin = req.get("origin");
	const host = req.get("host");
	if (!origin || origin === "null" || !host) return false;
	try {
		return new URL(origin).host === host;
	} catch {
		return false;
	}
}

const formTypes = ["application/x-www-form-urlencoded", "multipart/form-data"];

/**
 * Every page of the app takes forms only: a state-changing request whose body is anything else
 * (JSON, XML, plain text, or no declared type) is refused with 400 before it reaches a route.
 */
export function hasFormBody(req: HeaderSource): boolean {
	if (safeMethods.has(req.method)) return true;
	const type = (req.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
	return formTypes.includes(type);
}
