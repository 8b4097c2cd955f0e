import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadConfig } from "#app/lib/config.server.ts";
import { safeRedirectPath } from "#app/lib/guards.server.ts";
import { migrations } from "../../migrations/index.ts";
import { isSameOriginRequest } from "../../server/same-origin.ts";

const req = (method: string, headers: Record<string, string>) => ({
	method,
	get: (name: string) => headers[name.toLowerCase()],
});

describe("same-origin check", () => {
	it.each([
		["GET from anywhere", req("GET", { origin: "https://evil.example", host: "a.gov.cn" }), true],
		["POST same-origin by Sec-Fetch-Site", req("POST", { "sec-fetch-site": "same-origin" }), true],
		[
			"POST cross-site by Sec-Fetch-Site",
			req("POST", { "sec-fetch-site": "cross-site", origin: "https://a.gov.cn", host: "a.gov.cn" }),
			false,
		],
		["POST same-site subdomain", req("POST", { "sec-fetch-site": "same-site" }), false],
		["POST with matching Origin", req("POST", { origin: "https://a.gov.cn", host: "a.gov.cn" }), true],
		["POST with foreign Origin", req("POST", { origin: "https://evil.example", host: "a.gov.cn" }), false],
		["POST with Origin null", req("POST", { origin: "null", host: "a.gov.cn" }), false],
		["POST with no Origin", req("POST", { host: "a.gov.cn" }), false],
		["DELETE with bad Origin", req("DELETE", { origin: "::", host: "a.gov.cn" }), false],
	])("%s → %s", (_name, request, ok) => {
		expect(isSameOriginRequest(request)).toBe(ok);
	});
});

describe("safeRedirectPath", () => {
	it.each([
		["/t/smx", "/t/smx"],
		["/t/smx?x=1", "/t/smx?x=1"],
		["//evil.example", "/"],
		["/\\evil.example", "/"],
		["https://evil.example", "/"],
		["", "/"],
		[null, "/"],
		["/\t/evil.example", "/"],
		["/\n/evil.example", "/"],
		["/\r\n/evil.example", "/"],
		["/t/smx\\..\\evil", "/"],
		["/\u0000x", "/"],
		["/\u007f", "/"],
		["/t/smx/meetings?q=会议", "/t/smx/meetings?q=会议"],
	])("%j → %j", (input, expected) => {
		expect(safeRedirectPath(input)).toBe(expected);
	});
});

describe("config", () => {
	it("defaults to the embedded database on port 3000 with ./.data", () => {
		const config = loadConfig({});
		expect(config).toMatchObject({
			PORT: 3000,
			DATA_DIR: "./.data",
			embedded: true,
			seedDemo: true,
			cookieSecure: true,
		});
	});

	it("builds links from PUBLIC_URL only: required when NODE_ENV=production, else derived from PORT", () => {
		expect(loadConfig({ PORT: "4100" }).publicUrl).toBe("http://localhost:4100");
		expect(loadConfig({ NODE_ENV: "development" }).publicUrl).toBe("http://localhost:3000");
		expect(() => loadConfig({ NODE_ENV: "production" })).toThrow(/PUBLIC_URL: required when NODE_ENV=production/);
		expect(loadConfig({ NODE_ENV: "production", PUBLIC_URL: "https://lianxi.example.gov.cn/" }).publicUrl).toBe(
			"https://lianxi.example.gov.cn",
		);
	});

	it("treats empty variables as unset", () => {
		expect(loadConfig({ DATABASE_URL: "", REDIS_URL: "" }).embedded).toBe(true);
	});

	it("lists every bad value in one clear error", () => {
		let message = "";
		try {
			loadConfig({ PORT: "eighty", DATABASE_URL: "mysql://x", COOKIE_SECURE: "maybe" });
		} catch (error) {
			message = (error as Error).message;
		}
		expect(message.split("\n").sort()).toEqual(
			[
				"Invalid configuration:",
				"  PORT: PORT must be a port number (1–65535)",
				"  DATABASE_URL: DATABASE_URL must be a postgres:// URL",
				"  COOKIE_SECURE: use true or false",
			].sort(),
		);
	});
});

describe("migrations", () => {
	it("lists every migration file in migrations/index.ts, in order", () => {
		const files = readdirSync("migrations")
			.filter((f) => /^\d{4}-\d{2}-\d{2}T\d{4}-.+\.ts$/.test(f))
			.map((f) => f.replace(/\.ts$/, ""))
			.sort();
		expect(Object.keys(migrations)).toEqual(files);
	});
});
