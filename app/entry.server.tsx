import { renderToString } from "react-dom/server";
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
	// The whole document is rendered at once, as a string (no page streams deferred data, and there
	// is no Suspense boundary to wait for): one buffer, one write, a Content-Length and one
	// compression pass (ADR 0009). React's string renderer makes the same bytes as its streaming one
	// for such a tree, without the stream's chunking, encoding into views and flushing (ADR 0020).
	let html: string;
	try {
		html = renderToString(
			<NonceProvider value={nonce}>
				<DataHandoffProvider value={handoff ?? null}>
					<ServerRouter context={context} url={request.url} nonce={nonce} />
				</DataHandoffProvider>
			</NonceProvider>,
		);
	} catch (error) {
		log.error({ err: error }, "render error");
		throw error;
	}
	const body = Buffer.from(`<!DOCTYPE html>${html}`);
	responseHeaders.set("Content-Type", "text/html; charset=utf-8");
	responseHeaders.set("Content-Length", String(body.byteLength));
	// The bytes go to the response path as they are (app/lib/rendered-document.server.ts); a web
	// body would copy them and make a stream that nothing reads.
	return keepRenderedDocument(new Response(null, { headers: responseHeaders, status: responseStatusCode }), body);
}

export const handleError: HandleErrorFunction = (error, { request, context }) => {
	if (request.signal.aborted) return;
	// context is missing when React Router fails before creating it.
	if (context) context.get(servicesContext).log.error({ err: error }, "unhandled error");
	else console.error(error);
};
