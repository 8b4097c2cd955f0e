import { data, type MiddlewareFunction } from "react-router";

/**
 * Root middleware: a form body that cannot be read (a broken multipart stream, a wrong boundary) is
 * the client's fault: 400 with the localised page, never a 500 from inside an action.
 */
export const refuseUnreadableForms: MiddlewareFunction<Response> = ({ request }, next) => {
	const method = request.method.toUpperCase();
	if (method !== "GET" && method !== "HEAD") {
		const read = request.formData.bind(request);
		Object.defineProperty(request, "formData", {
			value: async () => {
				try {
					return await read();
				} catch {
					throw data(null, { status: 400 });
				}
			},
		});
	}
	return next();
};
