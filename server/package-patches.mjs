// Changes to the per-request work of React Router, applied to the installed package after every
// install (package.json "postinstall"; ADR 0019). Each replaces one exact passage of React Router
// 8.4.0's built code, in its production and its development build, and marks what it changed, so a
// second run changes nothing. A passage that is neither found once nor already patched fails the
// install: a new version needs the patches looked at again (or dropped), not silently skipped.
// Plain JavaScript: it runs before anything is built, and in production installs too.
//   node server/package-patches.mjs          (applies; prints what it did)
//   node server/package-patches.mjs --check  (exits 1 unless every patch is in place)
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const marker = "/* lianxitong patch */";

/** [file under dist/<build>/lib, the passage as published, the passage patched]. */
const routerPatches = [
	[
		// ServerRouter rebuilt the route tree from the manifest and the route modules on every request.
		// The tree depends on nothing else of the request: kept per manifest, and made anew when a
		// module differs (a rebuild in development).
		"dom/ssr/server.js",
		"\tlet routes = createServerRoutes(manifest.routes, routeModules, context.future, context.isSpaMode);\n",
		`\t${marker} let kept = serverRoutesKept.get(manifest.routes);
\tif (!kept || kept.future !== context.future || kept.isSpaMode !== context.isSpaMode || Object.keys(routeModules).some((id) => kept.modules[id] !== routeModules[id])) {
\t\tkept = { routes: createServerRoutes(manifest.routes, routeModules, context.future, context.isSpaMode), modules: { ...routeModules }, future: context.future, isSpaMode: context.isSpaMode };
\t\tserverRoutesKept.set(manifest.routes, kept);
\t}
\tlet routes = kept.routes;
`,
	],
	[
		"dom/ssr/server.js",
		"function ServerRouter({ context, url, nonce }) {\n",
		`${marker} const serverRoutesKept = new WeakMap();\nfunction ServerRouter({ context, url, nonce }) {\n`,
	],
	[
		// createStaticRouter converted the same routes into data routes on every request; the
		// conversion reads only the routes, and nothing mutates its result (no lazy routes on a server).
		"dom/server.js",
		"\tlet manifest = {};\n\tlet dataRoutes = convertRoutesToDataRoutes(routes, void 0, void 0, manifest);\n",
		`\t${marker} let converted = dataRoutesKept.get(routes);
\tif (!converted) {
\t\tconverted = { manifest: {} };
\t\tconverted.dataRoutes = convertRoutesToDataRoutes(routes, void 0, void 0, converted.manifest);
\t\tdataRoutesKept.set(routes, converted);
\t}
\tlet manifest = converted.manifest;
\tlet dataRoutes = converted.dataRoutes;
`,
	],
	[
		"dom/server.js",
		"function createStaticRouter(routes, context, opts = {}) {\n",
		`${marker} const dataRoutesKept = new WeakMap();\nfunction createStaticRouter(routes, context, opts = {}) {\n`,
	],
	[
		// Every match tried the ranked branches in order, 30 and more before a page of ours, and a
		// request is matched twice (the server runtime, then the static handler). The branch that
		// matched a path is remembered (up to 1,000 paths) and tried first; the matches are still
		// made afresh for each call, so nothing of one request reaches another.
		"router/matcher.js",
		"\tmatch(locationArg, allowPartial = false) {\n\t\treturn matchRoutesImpl(this.#routes, locationArg, this.#basename, allowPartial, this.#branches);\n\t}\n",
		`\t${marker} #winners = new Map();
\tmatch(locationArg, allowPartial = false) {
\t\tlet path = typeof locationArg === "string" ? locationArg : locationArg.pathname ?? "";
\t\tlet end = path.search(/[?#]/);
\t\tlet key = (end < 0 ? path : path.slice(0, end)) + (allowPartial ? "\\0partial" : "");
\t\tlet winner = this.#winners.get(key);
\t\tif (winner !== void 0) {
\t\t\tlet matches = matchRoutesImpl(this.#routes, locationArg, this.#basename, allowPartial, [this.#branches[winner]]);
\t\t\tif (matches) return matches;
\t\t}
\t\tlet matches = matchRoutesImpl(this.#routes, locationArg, this.#basename, allowPartial, this.#branches);
\t\tif (!matches) return matches;
\t\twinner = this.#branches.findIndex((branch) => branch.routesMeta.length === matches.length && branch.routesMeta.every((meta, i) => meta.route === matches[i].route));
\t\tif (winner >= 0) {
\t\t\tif (this.#winners.size >= 1000) this.#winners.delete(this.#winners.keys().next().value);
\t\t\tthis.#winners.set(key, winner);
\t\t}
\t\treturn matches;
\t}
`,
	],
	[
		"router/matcher.js",
		"\t\tthis.#branches = flattenAndRankRoutes(routes);\n\t}\n",
		`\t\tthis.#branches = flattenAndRankRoutes(routes);\n\t\tthis.#winners.clear(); ${marker}\n\t}\n`,
	],
];

const writtenFor = "8.4.0";
const files = ["production", "development"].flatMap((build) =>
	routerPatches.map(([file, published, patched]) => [`dist/${build}/lib/${file}`, published, patched]),
);

const require = createRequire(import.meta.url);
const packageDir = path.dirname(require.resolve("react-router/package.json"));
const { version } = JSON.parse(readFileSync(path.join(packageDir, "package.json"), "utf8"));
const checkOnly = process.argv.includes("--check");
const problems = [];
const texts = new Map();
let applied = 0;
for (const [file, published, patched] of files) {
	const full = path.join(packageDir, file);
	const text = texts.get(full) ?? readFileSync(full, "utf8");
	texts.set(full, text);
	if (text.includes(patched)) continue;
	const found = text.split(published).length - 1;
	if (found !== 1 || checkOnly) {
		problems.push(`${file}: ${checkOnly ? "not patched" : `the passage to patch was found ${found} times`}`);
		continue;
	}
	texts.set(
		full,
		text.replace(published, () => patched),
	);
	applied++;
}
if (problems.length > 0) {
	console.error(
		`react-router ${version} (patches written for ${writtenFor}, docs/decisions/0019-react-router-request-work.md):\n  ${problems.join("\n  ")}`,
	);
	process.exit(1);
}
if (!checkOnly) for (const [full, text] of texts) writeFileSync(full, text);
console.log(
	checkOnly
		? `react-router ${version}: every patch in place`
		: `react-router ${version}: ${applied} of ${files.length} passages patched, ${files.length - applied} already were`,
);
