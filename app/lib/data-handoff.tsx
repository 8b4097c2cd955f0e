import { createContext, useContext } from "react";

// The page's loader data for hydration, written into the document in one <script> (ADR 0020).
//
// React Router writes it with its StreamTransfer component, after the document: the encoded data is
// a web ReadableStream of bytes, read a chunk at a time while React renders, each read suspending the
// render in a Suspense boundary of its own and each chunk decoded back to text. entry.server.tsx
// reads the data whole before rendering instead (app/lib/data-handoff.server.ts) and provides it
// here; the root layout writes it right after React Router's <Scripts>, with the statements the
// browser's entry reads (`window.__reactRouterContext.streamController`). In the layout rather than
// beside the router, so that the tree above the routes keeps React Router's shape (useId's ids
// depend on it, and the browser's hydration must find the same).

const DataHandoffContext = createContext<string | null>(null);
export const DataHandoffProvider = DataHandoffContext.Provider;

/** React Router's escapes for a JSON string inside a <script> (its `escapeHtml`). */
const unsafe = /[&><\u2028\u2029]/g;
const escapes: Record<string, string> = {
	"&": "\\u0026",
	">": "\\u003e",
	"<": "\\u003c",
	"\u2028": "\\u2028",
	"\u2029": "\\u2029",
};

/** The data's script; in the browser (nothing provided) an empty one kept as the server wrote it. */
export function DataHandoffScript({ nonce }: { nonce: string }) {
	const text = useContext(DataHandoffContext);
	const code =
		text === null
			? " "
			: `window.__reactRouterContext.streamController.enqueue(${JSON.stringify(text).replace(unsafe, (c) => escapes[c] as string)});window.__reactRouterContext.streamController.close();`;
	// biome-ignore lint/security/noDangerouslySetInnerHtml: the encoded data, escaped as React Router escapes it
	return <script nonce={nonce} suppressHydrationWarning dangerouslySetInnerHTML={{ __html: code }} />;
}
