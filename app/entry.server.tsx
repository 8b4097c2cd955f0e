import { Writable } from "node:stream";
import { renderToPipeableStream } from "react-dom/server";
import { type EntryContext, type HandleErrorFunction, type RouterContextProvider, ServerRouter } from "react-router";
import { servicesContext } from "./lib/app-context.server.ts";
import { NonceProvider } from "./lib/nonce.tsx";
import { keepRenderedDocument } from "./lib/rendered-document.server.ts";

export const streamTimeout = 5_000;

export default function handleRequest(
	request: Request,
	responseStatusCode: number,
	responseHeaders: Headers,
	routerContext: EntryContext,
	loadContext: RouterContextProvider,
) {
	if (request.method.toUpperCase() === "HEAD") {
		return new Response(null, { status: responseStatusCode, headers: responseHeaders });
	}
	const { nonce, log } = loadContext.get(servicesContext);
	// The whole document is rendered before it is sent (no page streams deferred data): one buffer,
	// one write, a Content-Length and one compression pass, instead of dozens of small chunks, each a
	// system call (ADR 0009: they were a third of the server's CPU time).
	return new Promise<Response>((resolve, reject) => {
		const chunks: Buffer[] = [];
		const timeoutId = setTimeout(() => abort(), streamTimeout + 1000);
		const sink = new Writable({
			write(chunk: Buffer, _encoding, callback) {
				chunks.push(chunk);
				callback();
			},
			final(callback) {
				clearTimeout(timeoutId);
				const body = Buffer.concat(chunks);
				responseHeaders.set("Content-Type", "text/html; charset=utf-8");
				responseHeaders.set("Content-Length", String(body.byteLength));
				resolve(
					keepRenderedDocument(new Response(body, { headers: responseHeaders, status: responseStatusCode }), body),
				);
				callback();
			},
		});
		const { pipe, abort } = renderToPipeableStream(
			<NonceProvider value={nonce}>
				<ServerRouter context={routerContext} url={request.url} nonce={nonce} />
			</NonceProvider>,
			{
				nonce,
				onAllReady: () => pipe(sink),
				onShellError: reject,
				onError(error: unknown) {
					responseStatusCode = 500;
					log.error({ err: error }, "render error");
				},
			},
		);
	});
}

export const handleError: HandleErrorFunction = (error, { request, context }) => {
	if (request.signal.aborted) return;
	// context is missing when React Router fails before creating it.
	if (context) context.get(servicesContext).log.error({ err: error }, "unhandled error");
	else console.error(error);
};
