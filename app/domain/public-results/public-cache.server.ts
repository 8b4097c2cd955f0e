import { createHash } from "node:crypto";

/**
 * HTTP caching of the public page and its feed: any cache may store them, and revalidates each use
 * by ETag (a hash of what the page shows, in its language) — an unchanged page costs a 304. A
 * withdrawal must be gone at once (both sides decide what is public), so no copy is served unchecked.
 * The language comes from a cookie, hence `Vary: Cookie`.
 */
const publicCacheControl = "public, no-cache";

export function etagOf(value: unknown): string {
	return `W/"${createHash("sha256").update(JSON.stringify(value)).digest("base64url").slice(0, 32)}"`;
}

export function publicCacheHeaders(etag: string, lastModified: Date): Headers {
	return new Headers({
		"Cache-Control": publicCacheControl,
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
