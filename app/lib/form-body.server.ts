import { data, type MiddlewareFunction } from "react-router";

/** conform's own fields (a list intent, its state) are JSON it parses without a guard: check them first. */
function conformControlsReadable(form: FormData): boolean {
	for (const [name, wants] of [
		["__intent__", (v: Record<string, unknown>) => typeof v.type === "string" && v.payload !== undefined],
		["__state__", () => true],
	] as const) {
		const raw = form.get(name);
		if (raw === null) continue;
		if (typeof raw !== "string") return false;
		try {
			const value: unknown = JSON.parse(raw);
			if (typeof value !== "object" || value === null || !wants(value as Record<string, unknown>)) return false;
		} catch {
			return false;
		}
	}
	return true;
}

/**
 * The most fields one form body may carry. The largest form of the app (the minutes editor with its
 * decided-matter rows, a roster's attendance marks) stays far below it; a body beyond it is no form a
 * person filled in (100,000 `roles=viewer` once made a member's row and the members page 16.8 MB).
 */
export const MAX_FORM_FIELDS = 1000;

/** What separates the fields of a body of this type, or null when the body is no form we count. */
function fieldSeparator(contentType: string): Uint8Array | null {
	const [type = "", ...params] = contentType.split(";").map((p) => p.trim());
	if (type.toLowerCase() === "application/x-www-form-urlencoded") return new TextEncoder().encode("&");
	if (type.toLowerCase() !== "multipart/form-data") return null;
	const boundary = params.map((p) => /^boundary=(?:"([^"]+)"|([^\s;]+))$/i.exec(p)).find((m) => m !== null);
	const value = boundary?.[1] ?? boundary?.[2];
	// Each part opens with "--boundary" and the body closes with one more.
	return value ? new TextEncoder().encode(`--${value}`) : null;
}

/**
 * Reads the whole body (what formData() does anyway) while counting its field separators, and stops
 * at the first one over `MAX_FORM_FIELDS`: null then, and the rest is left unread (the express layer
 * drains it once the answer is sent; cancelling the stream would reset the connection before the
 * client reads the 413). The count runs over the bytes as they come, so a refusal costs no parsing.
 */
async function readCountingFields(body: ReadableStream<Uint8Array>, separator: Uint8Array, allowed: number) {
	const reader = body.getReader();
	const chunks: Uint8Array[] = [];
	let carry: Buffer = Buffer.alloc(0);
	let separators = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		chunks.push(value);
		// A separator split between two chunks is found in the carried tail of the previous one.
		const bytes = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
		const window = carry.length > 0 ? Buffer.concat([carry, bytes]) : bytes;
		for (let at = window.indexOf(separator); at !== -1; at = window.indexOf(separator, at + separator.length)) {
			if (++separators > allowed) {
				reader.releaseLock();
				return null;
			}
		}
		carry = window.subarray(Math.max(0, window.length - (separator.length - 1)));
	}
	return Buffer.concat(chunks);
}

/** The form, or null when it has more than `MAX_FORM_FIELDS` fields. */
async function readForm(request: Request, read: () => Promise<FormData>): Promise<FormData | null> {
	const contentType = request.headers.get("content-type") ?? "";
	const separator = fieldSeparator(contentType);
	if (!separator || !request.body) return read();
	// "&" sits between fields; "--boundary" opens each part and closes the body.
	const allowed = separator.length === 1 ? MAX_FORM_FIELDS - 1 : MAX_FORM_FIELDS + 1;
	const bytes = await readCountingFields(request.body, separator, allowed);
	return bytes && new Response(bytes, { headers: { "content-type": contentType } }).formData();
}

/**
 * Root middleware: a form body that cannot be read (a broken multipart stream, a wrong boundary) is
 * the client's fault: 400 with the localised page, never a 500 from inside an action. So is a
 * conform control field that is not what conform writes. A body with more than `MAX_FORM_FIELDS`
 * fields answers 413 as soon as the count is passed, before anything is parsed or stored.
 */
export const refuseUnreadableForms: MiddlewareFunction<Response> = ({ request }, next) => {
	const method = request.method.toUpperCase();
	if (method !== "GET" && method !== "HEAD") {
		const read = request.formData.bind(request);
		Object.defineProperty(request, "formData", {
			value: async () => {
				let form: FormData | null;
				try {
					form = await readForm(request, read);
				} catch {
					throw data(null, { status: 400 });
				}
				if (form === null) throw data({ maxFields: MAX_FORM_FIELDS }, { status: 413 });
				if (!conformControlsReadable(form)) throw data(null, { status: 400 });
				return form;
			},
		});
	}
	return next();
};
