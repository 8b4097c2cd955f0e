import { spawnSync } from "node:child_process";
import {
	createStaticHandler,
	createStaticRouter,
	matchRoutes,
	type RouteObject,
	type StaticHandlerContext,
} from "react-router";
import { describe, expect, it } from "vitest";

/**
 * ADR 0019: the installed React Router carries our three patches (server/package-patches.mjs),
 * and what they change answers exactly as the published code did. `matchRoutes` (the public
 * function) still runs the published matching over every branch: the patched matcher of a static
 * handler must agree with it on every path, the first time and when it remembers the branch, and
 * hand each caller matches of its own.
 */

/** A tree shaped like ours (app/routes.ts): a layout with static, dynamic and deeper siblings, an index, resources, a splat. */
const routes: RouteObject[] = [
	{
		id: "root",
		path: "",
		children: [
			{ id: "home-redirect", index: true },
			{ id: "login", path: "login" },
			{ id: "public-page", path: "p/:slug" },
			{ id: "public-feed", path: "p/:slug/feed.atom" },
			{ id: "set-password", path: "set-password/:token" },
			{ id: "optional", path: "guide/:lang?/intro" },
			{
				id: "tenant-layout",
				path: "t/:slug",
				children: [
					{ id: "tenant-home", index: true },
					{ id: "settings", path: "settings" },
					{ id: "members", path: "members" },
					{ id: "member", path: "members/:userId" },
					{ id: "meetings", path: "meetings" },
					{ id: "meeting-new", path: "meetings/new" },
					{ id: "meeting", path: "meetings/:meetingId" },
					{ id: "meeting-calendar", path: "meetings/:meetingId/calendar.ics" },
					{ id: "minutes-file", path: "meetings/:meetingId/minutes/:fileName" },
					{ id: "report-request-unit", path: "report-requests/:requestId/units/:unitId" },
					{ id: "file", path: "files/:fileId/:fileName" },
				],
			},
			{ id: "not-found", path: "*" },
		],
	},
];

const paths = [
	"/",
	"/login",
	"/p/smx",
	"/p/smx/feed.atom",
	"/set-password/abc",
	"/guide/intro",
	"/guide/zh/intro",
	"/t/smx",
	"/t/smx/",
	"/T/SMX/Meetings",
	"/t/smx/meetings",
	"/t/smx/meetings/new",
	"/t/smx/meetings/0f6e",
	"/t/lingbao/meetings/0f6e",
	"/t/smx/meetings/0f6e/calendar.ics",
	"/t/smx/meetings/0f6e/minutes/%E7%BA%AA%E8%A6%81.docx",
	"/t/smx/members/u1",
	"/t/smx/report-requests/r1/units/u2",
	"/t/smx/files/f1/a%20b.pdf",
	"/t/smx/no-such-page",
	"/elsewhere/entirely",
];

/** What a match says: each route, its params and the part of the path it matched. */
const shape = (matches: ReturnType<typeof matchRoutes>) =>
	matches?.map((m) => ({ id: m.route.id, params: { ...m.params }, pathname: m.pathname, base: m.pathnameBase })) ??
	null;

describe("React Router as installed (ADR 0019)", () => {
	it("carries every patch (server/package-patches.mjs --check)", () => {
		const run = spawnSync(process.execPath, ["server/package-patches.mjs", "--check"], { encoding: "utf8" });
		expect(run.stderr).toBe("");
		expect(run.stdout).toMatch(/react-router 8\.4\.0: every patch in place/);
		expect(run.status).toBe(0);
	});

	it("matches every path as the published matching does, first and when it remembers the branch", () => {
		const handler = createStaticHandler(routes);
		for (let pass = 0; pass < 3; pass++) {
			for (const path of paths) {
				const expected = shape(matchRoutes(handler.dataRoutes, path));
				expect(shape(handler.match(path)), `${path}, pass ${pass}`).toEqual(expected);
				expect(shape(handler.match({ pathname: path, search: "?year=2025", hash: "" })), path).toEqual(expected);
			}
		}
		// Each path is remembered for itself: the branch of "new" does not answer for an id.
		expect(shape(handler.match("/t/smx/meetings/new"))?.at(-1)?.id).toBe("meeting-new");
		expect(shape(handler.match("/t/smx/meetings/n3w"))?.at(-1)?.id).toBe("meeting");
	});

	it("hands every caller matches of its own: nothing one request does reaches the next", () => {
		const handler = createStaticHandler(routes);
		const first = handler.match("/t/smx/meetings/0f6e");
		const second = handler.match("/t/smx/meetings/0f6e");
		expect(first).not.toBe(second);
		if (!first || !second) throw new Error("no match");
		(first[2]?.params as Record<string, string>).meetingId = "changed by the first request";
		first.pop();
		expect(second).toHaveLength(3);
		expect(second[2]?.params).toEqual({ slug: "smx", meetingId: "0f6e" });
		expect(shape(handler.match("/t/smx/meetings/0f6e"))?.at(-1)?.params).toEqual({ slug: "smx", meetingId: "0f6e" });
	});

	it("converts a route tree once for every static router made from it, each with its own request's state", async () => {
		const handler = createStaticHandler(routes);
		const contextOf = async (path: string) =>
			(await handler.query(new Request(`http://localhost${path}`))) as StaticHandlerContext;
		const one = createStaticRouter(handler.dataRoutes, await contextOf("/t/smx/meetings"));
		const two = createStaticRouter(handler.dataRoutes, await contextOf("/t/lingbao/members/u1"));
		expect(two.routes).toBe(one.routes);
		expect(one.state.matches.map((m) => m.route.id)).toEqual(["root", "tenant-layout", "meetings"]);
		expect(two.state.matches.map((m) => m.route.id)).toEqual(["root", "tenant-layout", "member"]);
		expect(two.state.matches.at(-1)?.params).toEqual({ slug: "lingbao", userId: "u1" });
		expect(one.state.location.pathname).toBe("/t/smx/meetings");
	});
});
