import { createRequire } from "node:module";
import path from "node:path";
import { Writable } from "node:stream";
import { createElement, type ReactNode } from "react";
import type * as ReactDomServer from "react-dom/server";
import { describe, expect, it } from "vitest";

// The production builds, which the server runs (tests run with NODE_ENV=test, where react-dom/server
// is the development build, not patched).
const require = createRequire(import.meta.url);
const reactDom = path.dirname(require.resolve("react-dom/package.json"));
const { renderToPipeableStream } = require(
	path.join(reactDom, "cjs/react-dom-server.node.production.js"),
) as typeof ReactDomServer;
const { renderToString } = require(
	path.join(reactDom, "cjs/react-dom-server-legacy.node.production.js"),
) as typeof ReactDomServer;

/**
 * ADR 0020: React's server renderer, as installed, writes each string that fits in place in its
 * 4 KB view (server/package-patches.mjs). The streamed document must be byte for byte what React's
 * string renderer (another module, not patched) makes of the same tree: strings of every length
 * and script (ASCII, CJK, astral characters as surrogate pairs, a lone surrogate, an attribute of
 * several KB), falling at every offset of the views' boundaries.
 */
function streamed(node: ReactNode): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		const sink = new Writable({
			write(chunk: Buffer, _encoding, callback) {
				chunks.push(Buffer.from(chunk));
				callback();
			},
			final(callback) {
				resolve(Buffer.concat(chunks));
				callback();
			},
		});
		const { pipe } = renderToPipeableStream(node, { onAllReady: () => pipe(sink), onError: reject });
	});
}

const pieces = [
	"a",
	"联席会议",
	"𠀀𝒳😀",
	"x".repeat(1365),
	"测".repeat(455),
	"\ud800",
	"<&>\"'",
	"纪要已印发 2026-12-06",
];

function tree(shift: number): ReactNode {
	const items: ReactNode[] = [];
	for (let i = 0; i < 900; i++) {
		const text = pieces[(i + shift) % pieces.length] as string;
		items.push(
			createElement(
				"li",
				{ key: i, className: `row-${i} ${text.slice(0, (i * 7) % 40)}`, "data-n": "一".repeat(i % 13) },
				text,
				i % 3 === 0 ? createElement("span", null, String(i), text.slice(0, i % 5)) : null,
			),
		);
	}
	return createElement("ul", { title: "长".repeat(2000 + shift) }, items);
}

describe("React's streamed document as installed", () => {
	it("is byte for byte the string renderer's, at every offset of the views", async () => {
		for (let shift = 0; shift < 12; shift++) {
			const node = tree(shift);
			// Compared as UTF-8 (a lone surrogate is written as U+FFFD), at the first byte that differs.
			const bytes = await streamed(node);
			const expected = Buffer.from(renderToString(node));
			let at = 0;
			while (at < expected.length && bytes[at] === expected[at]) at++;
			expect({ shift, at, length: bytes.length }).toEqual({ shift, at: expected.length, length: expected.length });
		}
	});
});
