// Unused messages: every key of the catalogue is shown somewhere. A key is in use when the code
// outside app/i18n names it whole in a string literal (`t("home.title")`, a table of keys written
// `as const satisfies Record<…, MessageKey>`, a refinement's `"form.error.required"`), or when a
// template literal starts with a part of it (`t(\`workbench.group.${group}\`)` uses every
// `workbench.group.*`; `\`form.error.tooLong#${max}\`` uses `form.error.tooLong`). Tests do not
// count: a key only a test reads is not shown to anyone.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { zhCN } from "#app/i18n/zh-CN.ts";

const root = path.resolve(import.meta.dirname, "../..");

function sources(): string[] {
	const listed = execFileSync(
		"git",
		["ls-files", "--cached", "--others", "--exclude-standard", "app", "workers", "server", "db"],
		{
			cwd: root,
			encoding: "utf8",
		},
	);
	return listed
		.split("\n")
		.filter((f) => /\.tsx?$/.test(f) && !f.startsWith("app/i18n/") && !/\.test\.tsx?$/.test(f))
		.flatMap((f) => {
			try {
				return [readFileSync(path.join(root, f), "utf8")];
			} catch {
				return []; // listed but deleted in the working tree
			}
		});
}

/** The keys no code names: literal keys, then the heads of template literals (at least "area."). */
function unusedKeys(keys: string[], code: string[]): string[] {
	const literals = new Set<string>();
	const heads = new Set<string>();
	for (const text of code) {
		for (const m of text.matchAll(/["'`]([\w.-]+)["'`]/g)) literals.add(m[1] as string);
		for (const m of text.matchAll(/`([\w.-]+\.[\w.-]*|[\w.-]+#)\$\{/g)) heads.add((m[1] as string).replace(/#$/, ""));
	}
	return keys.filter((key) => !literals.has(key) && ![...heads].some((head) => key.startsWith(head)));
}

describe("the message catalogue", () => {
	it("finds an unused key (the check can fail)", () => {
		const $ = "$"; // a template's placeholder, written so that this file's own strings hold none
		const code = ['t("a.used")', `t(\`b.group.${$}{g}\`)`, `\`c.limit#${$}{max}\``];
		expect(unusedKeys(["a.used", "a.unused", "b.group.x", "c.limit", "c.other"], code)).toEqual([
			"a.unused",
			"c.other",
		]);
	});

	it("has no key that nothing shows", () => {
		expect(unusedKeys(Object.keys(zhCN), sources())).toEqual([]);
	});
});
