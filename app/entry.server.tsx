import { PassThrough } from "node:stream";
import { createReadableStreamFromReadable } from "@react-router/node";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { type EntryContext, type HandleErrorFunction, type RouterContextProvider, ServerRouter } from "react-router";
import { servicesContext } from "./lib/app-context.server.ts";
import { NonceProvider } from "./lib/nonce.tsx";

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
	return new Promise<Response>((resolve, reject) => {
		let shellRendered = false;
		const userAgent = request.headers.get("user-agent");
		const waitForAll = (userAgent && isbot(userAgent)) || routerContext.isSpaMode;
		let timeoutId: ReturnType<typeof setTimeout> | undefined = setTimeout(() => abort(), streamTimeout + 1000);
		const ready = () => {
			shellRendered = true;
			const body = new PassThrough({
				final(callback) {
					clearTimeout(timeoutId);
					timeoutId = undefined;
					callback();
				},
			});
			responseHeaders.set("Content-Type", "text/html; charset=utf-8");
			pipe(body);
			resolve(
				new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }),
			);
		};
		const { pipe, abort } = renderToPipeableStream(
			<NonceProvider value={nonce}>
				<ServerRouter context={routerContext} url={request.url} nonce={nonce} />
			</NonceProvider>,
			{
				nonce,
				onShellReady: waitForAll ? undefined : ready,
				onAllReady: waitForAll ? ready : undefined,
				onShellError: reject,
				onError(error: unknown) {
					responseStatusCode = 500;
					if (shellRendered) log.error({ err: error }, "render error");
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
