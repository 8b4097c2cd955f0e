import type { EntryContext } from "react-router";

/**
 * The document's loader data for hydration (turbo-stream), read whole before rendering: our loaders
 * return no promises, so the encoding is complete as soon as it is read (app/lib/data-handoff.tsx).
 * Undefined when the document has none.
 */
export async function readDataHandoff(context: EntryContext): Promise<string | undefined> {
	const stream = context.serverHandoffStream;
	if (!stream) return undefined;
	const reader = stream.getReader();
	const decoder = new TextDecoder();
	let text = "";
	for (let read = await reader.read(); !read.done; read = await reader.read())
		text += decoder.decode(read.value, { stream: true });
	return text + decoder.decode();
}
