import type { Writable } from "node:stream";
import { renderToPipeableStream } from "react-dom/server";
import { type EntryContext, type HandleErrorFunction, type RouterContextProvider, ServerRouter } from "react-router";
import { servicesContext } from "./lib/app-context.server.ts";
import { readDataHandoff } from "./lib/data-handoff.server.ts";
import { DataHandoffProvider } from "./lib/data-handoff.tsx";
import { NonceProvider } from "./lib/nonce.tsx";
import { keepRenderedDocument } from "./lib/rendered-document.server.ts";

export const streamTimeout = 5_000;

export default async function handleRequest(
	request: Request,
	responseStatusCode: number,
	responseHeaders: Headers,
	routerContext: EntryContext,
	loadContext: RouterContextProvider,
) {
	if (request.method.toUpperCase() === "HEAD") {
		await routerContext.serverHandoffStream?.cancel();
		return new Response(null, { status: responseStatusCode, headers: responseHeaders });
	}
	const { nonce, log } = loadContext.get(servicesContext);
	// The loader data read whole before rendering, written in one script by the root layout
	// (app/lib/data-handoff.tsx) instead of React Router's StreamTransfer.
	const handoff = await readDataHandoff(routerContext);
	const context = { ...routerContext, serverHandoffStream: undefined };
	// The whole document is rendered before it is sent (no page streams deferred data): one buffer,
	// one write, a Content-Length and one compression pass, instead of dozens of small chunks, each a
	// system call (ADR 0009: they were a third of the server's CPU time).
	return new Promise<Response>((resolve, reject) => {
		const chunks: Uint8Array[] = [];
		const timeoutId = setTimeout(() => abort(), streamTimeout + 1000);
		// What React's pipe() uses of a Node writable: write, end, on, destroy. A plain collector
		// instead of a stream.Writable, whose machinery ran for each of a page's chunks (ADR 0020).
		const sink = {
			write(chunk: Uint8Array | string) {
				chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
				return true;
			},
			end() {
				clearTimeout(timeoutId);
				const body = Buffer.concat(chunks);
				responseHeaders.set("Content-Type", "text/html; charset=utf-8");
				responseHeaders.set("Content-Length", String(body.byteLength));
				// The bytes go to the response path as they are (app/lib/rendered-document.server.ts); a web
				// body would copy them and make a stream that nothing reads.
				resolve(
					keepRenderedDocument(new Response(null, { headers: responseHeaders, status: responseStatusCode }), body),
				);
			},
			on() {
				return sink;
			},
			destroy(error: unknown) {
				clearTimeout(timeoutId);
				reject(error);
			},
		};
		const { pipe, abort } = renderToPipeableStream(
			<NonceProvider value={nonce}>
				<DataHandoffProvider value={handoff ?? null}>
					<ServerRouter context={context} url={request.url} nonce={nonce} />
				</DataHandoffProvider>
			</NonceProvider>,
			{
				nonce,
				onAllReady: () => pipe(sink as unknown as Writable),
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
