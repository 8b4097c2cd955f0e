import { createHash } from "node:crypto";

/**
 * HTTP caching of the public page and its feed: cacheable by anyone for five minutes, then
 * revalidated by ETag (a hash of what the page shows, in its language). The language comes from a
 * cookie, hence `Vary: Cookie`. A withdrawal is gone from the server at once; a cache may keep a
 * copy for up to max-age.
 */
export const publicMaxAge = 300;

export function etagOf(value: unknown): string {
	return `W/"${createHash("sha256").update(JSON.stringify(value)).digest("base64url").slice(0, 32)}"`;
}

export function publicCacheHeaders(etag: string, lastModified: Date): Headers {
	return new Headers({
		"Cache-Control": `public, max-age=${publicMaxAge}`,
		ETag: etag,
		"Last-Modified": lastModified.toUTCString(),
		Vary: "Cookie",
	});
}

/** If-None-Match holds this ETag (weak comparison, RFC 9110 §13.1.2) or "*". */
export function isNotModified(request: Request, etag: string): boolean {
	const header = request.headers.get("If-None-Match");
	if (!header) return false;
	const bare = (tag: string) => tag.trim().replace(/^W\//, "");
	return header.split(",").some((tag) => tag.trim() === "*" || bare(tag) === bare(etag));
}
