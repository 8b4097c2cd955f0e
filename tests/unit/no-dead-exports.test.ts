// Dead exports: every name exported from app/, db/, workers/ and server/ must be used by some other
// file — another module, a test, a bench script or a migration. A name only its own file uses is
// not exported; a name nobody uses is deleted. Tests count as consumers: a rule exported so that a
// unit test can pin it down is in use.
//
// The compiler resolves every identifier in every file of the project, following import and
// re-export aliases to the declaration, so `import { x }`, `import * as ns` then `ns.x`,
// `const { x } = await import(…)` and `typeof import(…).x` all count.
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const rel = (fileName: string) => path.relative(root, fileName).split(path.sep).join("/");

/** Files whose exports are checked; migrations export up/down to migrations/index.ts and are left out. */
const checked = (file: string) => /^(app|db|workers|server)\//.test(file) && !/\.test\.tsx?$/.test(file);

/** Files whose references count: the project's own code, not generated route types or node_modules. */
const consumer = (file: string) => !file.startsWith("..") && !/^(node_modules|\.react-router|build)\//.test(file);

/** Names the framework or a plain-JavaScript entry reads by convention, per file. */
const ROUTE_EXPORTS = [
	"default",
	"loader",
	"action",
	"meta",
	"links",
	"headers",
	"handle",
	"ErrorBoundary",
	"HydrateFallback",
	"shouldRevalidate",
	"middleware",
	"clientMiddleware",
	"clientLoader",
	"clientAction",
];

function frameworkExports(file: string, routeModules: Set<string>): string[] {
	if (routeModules.has(file)) return ROUTE_EXPORTS;
	if (file === "app/root.tsx") return [...ROUTE_EXPORTS, "Layout"];
	if (file === "app/routes.ts") return ["default"];
	if (file === "app/entry.server.tsx") return ["default", "streamTimeout", "handleError"];
	// The bundle's entry: server.js (plain JavaScript, outside the TypeScript program) imports both.
	if (file === "server/entry.ts") return ["build", "start"];
	return [];
}

/**
 * Dead exports knowingly kept, each with its reason. Empty: an export nobody imports is un-exported
 * or deleted. The test fails when a listed one is used again, so the list cannot go stale.
 */
const ALLOWED: string[] = [];

/**
 * The project's own files only: packages stay unresolved and the standard library unloaded, which
 * the alias resolution below does not need (and which would triple the files to parse).
 */
function loadProgram() {
	const parsed = ts.getParsedCommandLineOfConfigFile(
		path.join(root, "tsconfig.json"),
		{},
		{
			...ts.sys,
			onUnRecoverableConfigFileDiagnostic: (d) => {
				throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
			},
		},
	);
	if (!parsed) throw new Error("tsconfig.json could not be read");
	const options = { ...parsed.options, noLib: true, types: [] };
	const host = ts.createCompilerHost(options);
	const cache = ts.createModuleResolutionCache(root, (f) => f, options);
	host.resolveModuleNameLiterals = (literals, containingFile, _redirect, opts) =>
		literals.map((literal) => {
			if (!/^[.#/]/.test(literal.text)) return { resolvedModule: undefined };
			const resolved = ts.resolveModuleName(literal.text, containingFile, opts, host, cache);
			return resolved.resolvedModule?.isExternalLibraryImport ? { resolvedModule: undefined } : resolved;
		});
	return ts.createProgram({ rootNames: parsed.fileNames, options, host });
}

/** Route module files, read from the "routes/…" paths in app/routes.ts. */
function routeModulesOf(program: ts.Program): Set<string> {
	const routes = program.getSourceFile(path.join(root, "app/routes.ts"));
	if (!routes) throw new Error("app/routes.ts is not in the program");
	return new Set([...routes.text.matchAll(/"(routes\/[^"]+)"/g)].map((m) => `app/${m[1]}`));
}

function deadExports(): string[] {
	const program = loadProgram();
	const checker = program.getTypeChecker();
	const sources = program.getSourceFiles().filter((sf) => consumer(rel(sf.fileName)));
	const usedElsewhere = new Set<ts.Symbol>();

	// Marks a symbol and every alias it goes through, each if declared outside the referring file.
	const mark = (symbol: ts.Symbol | undefined, from: ts.SourceFile) => {
		for (let s = symbol, hops = 0; s && hops < 20; hops++) {
			if (s.declarations?.some((d) => d.getSourceFile() !== from)) usedElsewhere.add(s);
			s = s.flags & ts.SymbolFlags.Alias ? checker.getImmediateAliasedSymbol(s) : undefined;
		}
	};

	// A namespace's member, for `ns.x` after `import * as ns` and for `const { x } = await import(…)`.
	const member = (moduleSymbol: ts.Symbol | undefined, name: string) =>
		moduleSymbol && moduleSymbol.flags & ts.SymbolFlags.Module
			? checker.tryGetMemberInModuleExports(name, moduleSymbol)
			: undefined;
	const resolved = (symbol: ts.Symbol | undefined) =>
		symbol && symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;

	// Only alias resolution, no type inference: checking every expression would take as long as tsc.
	for (const sf of sources) {
		const visit = (node: ts.Node, inModuleSyntax: boolean) => {
			if (ts.isIdentifier(node)) {
				if (inModuleSyntax) mark(checker.getSymbolAtLocation(node), sf);
				return;
			}
			if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) {
				mark(member(resolved(checker.getSymbolAtLocation(node.expression)), node.name.text), sf);
			} else if (ts.isQualifiedName(node) && ts.isIdentifier(node.left)) {
				mark(member(resolved(checker.getSymbolAtLocation(node.left)), node.right.text), sf);
			} else if (ts.isVariableDeclaration(node) && ts.isObjectBindingPattern(node.name) && node.initializer) {
				const init = ts.isAwaitExpression(node.initializer) ? node.initializer.expression : node.initializer;
				if (ts.isCallExpression(init) && init.expression.kind === ts.SyntaxKind.ImportKeyword && init.arguments[0]) {
					const moduleSymbol = checker.getSymbolAtLocation(init.arguments[0]);
					for (const element of node.name.elements) {
						const key = element.propertyName ?? element.name;
						if (ts.isIdentifier(key)) mark(member(moduleSymbol, key.text), sf);
					}
				}
			}
			const moduleSyntax =
				inModuleSyntax ||
				ts.isImportDeclaration(node) ||
				ts.isExportDeclaration(node) ||
				ts.isExportAssignment(node) ||
				ts.isImportEqualsDeclaration(node) ||
				ts.isImportTypeNode(node);
			ts.forEachChild(node, (child) => visit(child, moduleSyntax));
		};
		visit(sf, false);
	}

	const routeModules = routeModulesOf(program);
	const dead: string[] = [];
	for (const sf of sources) {
		const file = rel(sf.fileName);
		if (!checked(file)) continue;
		const moduleSymbol = checker.getSymbolAtLocation(sf);
		if (!moduleSymbol) continue;
		const framework = frameworkExports(file, routeModules);
		for (const exported of checker.getExportsOfModule(moduleSymbol)) {
			const name = exported.escapedName.toString();
			if (framework.includes(name) || usedElsewhere.has(exported)) continue;
			dead.push(`${file}: ${name}`);
		}
	}
	return dead.sort();
}

describe("exports", () => {
	it("are each imported by some other file", { timeout: 60_000 }, () => {
		const dead = deadExports();
		const unexpected = dead.filter((d) => !ALLOWED.includes(d));
		const stale = ALLOWED.filter((a) => !dead.includes(a));
		expect(unexpected, `Exported but used by no other file (un-export or delete):\n${unexpected.join("\n")}`).toEqual(
			[],
		);
		expect(stale, "ALLOWED names exports that are no longer dead: remove them from the list").toEqual([]);
	});
});
