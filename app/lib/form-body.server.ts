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
 * Root middleware: a form body that cannot be read (a broken multipart stream, a wrong boundary) is
 * the client's fault: 400 with the localised page, never a 500 from inside an action. So is a
 * conform control field that is not what conform writes.
 */
export const refuseUnreadableForms: MiddlewareFunction<Response> = ({ request }, next) => {
	const method = request.method.toUpperCase();
	if (method !== "GET" && method !== "HEAD") {
		const read = request.formData.bind(request);
		Object.defineProperty(request, "formData", {
			value: async () => {
				let form: FormData;
				try {
					form = await read();
				} catch {
					throw data(null, { status: 400 });
				}
				if (!conformControlsReadable(form)) throw data(null, { status: 400 });
				return form;
			},
		});
	}
	return next();
};
