/**
 * The bytes of each document the server rendered whole (app/entry.server.tsx), by its Response, so
 * that the response path (server/react-router-handler.ts) sends them as they are instead of reading
 * them back through the Response's web stream, which copies them and costs a chain of promises per
 * page (ADR 0009). Such a Response carries no web body of its own (ADR 0020): whoever reads a
 * response's body asks `bodyText` or `renderedDocument` first. A Response that React Router or a
 * middleware replaced is simply not found here, and is read as any other.
 */
const rendered = new WeakMap<Response, Buffer>();

export function keepRenderedDocument(response: Response, body: Buffer): Response {
	rendered.set(response, body);
	return response;
}

/** The whole body of a document rendered here, or undefined for any other Response. */
export function renderedDocument(response: Response): Buffer | undefined {
	return rendered.get(response);
}

/** A response's body as text: a rendered document's bytes, or its web body read. */
export async function bodyText(response: Response): Promise<string> {
	return renderedDocument(response)?.toString("utf8") ?? (await response.text());
}
