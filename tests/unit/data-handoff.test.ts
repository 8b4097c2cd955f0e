import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import type { EntryContext } from "react-router";
import { describe, expect, it } from "vitest";
import { readDataHandoff } from "#app/lib/data-handoff.server.ts";
import { DataHandoffProvider, DataHandoffScript } from "#app/lib/data-handoff.tsx";

/** A stream of these chunks of bytes, as React Router's turbo-stream encoding gives them. */
function streamOf(...chunks: Uint8Array[]) {
	return new ReadableStream<Uint8Array>({
		start(controller) {
			for (const chunk of chunks) controller.enqueue(chunk);
			controller.close();
		},
	});
}

const script = (text: string | null) =>
	renderToStaticMarkup(
		createElement(DataHandoffProvider, { value: text }, createElement(DataHandoffScript, { nonce: "n0nce" })),
	);

describe("the loader data's handoff in one script (ADR 0020)", () => {
	it("reads the whole encoding, a character split across two chunks included", async () => {
		const bytes = new TextEncoder().encode('[{"_1":2},"联席会议"]\n');
		const context = { serverHandoffStream: streamOf(bytes.slice(0, 14), bytes.slice(14)) } as unknown as EntryContext;
		expect(await readDataHandoff(context)).toBe('[{"_1":2},"联席会议"]\n');
		expect(await readDataHandoff({} as EntryContext)).toBeUndefined();
	});

	it("writes what the browser's entry reads, escaped so that no text ends the script", async () => {
		const text = '["</script><script>alert(1)</script>","a & b","\u2028\u2029"]\n';
		const html = script(text);
		expect(html).toMatch(/^<script nonce="n0nce">window\.__reactRouterContext\.streamController\.enqueue\(/);
		expect(html).toMatch(/\);window\.__reactRouterContext\.streamController\.close\(\);<\/script>$/);
		const inner = html.slice(html.indexOf(">") + 1, html.lastIndexOf("</script>"));
		expect(inner).not.toMatch(/[<>&\u2028\u2029]/);
		const argument = inner.slice(inner.indexOf("enqueue(") + 8, inner.indexOf(");window"));
		expect(JSON.parse(argument)).toBe(text);
	});

	it("in the browser (nothing provided) an empty script, as the server's is kept when hydrating", () => {
		expect(script(null)).toBe('<script nonce="n0nce"> </script>');
	});
});
