import { describe, expect, it } from "vitest";
import { HttpClient } from "#tests/support/http-client.ts";

/** O7 over HTTP on the demo: the city (smx) opted in and published its 2024 meeting. */
async function client(email: string) {
	const c = new HttpClient();
	await c.signIn(email);
	return c;
}

const main = (html: string) => html.slice(html.indexOf("<main"), html.indexOf("</main>")).replaceAll("<!-- -->", "");

/** Well-formed XML, checked strictly enough for a generated document: balanced tags, no raw & or <. */
function expectWellFormed(xml: string) {
	const stack: string[] = [];
	const body = xml.replace(/^<\?xml[^?]*\?>\s*/, "");
	for (const part of body.split(/(<[^>]*>)/)) {
		if (part.startsWith("<")) {
			const tag = /^<(\/?)([A-Za-z][\w:.-]*)[^>]*?(\/?)>$/.exec(part);
			expect(tag, part).not.toBeNull();
			const [, close, name, selfClosing] = tag as RegExpExecArray;
			if (close) expect(stack.pop()).toBe(name);
			else if (!selfClosing) stack.push(name as string);
		} else {
			expect(part).not.toMatch(/<|&(?!(amp|lt|gt|quot|apos);)/);
		}
	}
	expect(stack).toEqual([]);
}

describe("the public results page /p/<slug>", () => {
	it("shows the city's published meeting without sign-in, cacheable, with no script needed", async () => {
		const visitor = new HttpClient();
		const response = await visitor.request("/p/smx");
		expect(response.status).toBe(200);
		expect(response.headers.get("cache-control")).toBe("public, no-cache");
		expect(response.headers.get("vary")).toMatch(/Cookie/);
		expect(response.headers.get("last-modified")).toBeTruthy();
		const etag = response.headers.get("etag");
		expect(etag).toMatch(/^W\/"/);
		expect(response.headers.getSetCookie()).toEqual([]);
		const html = main(await response.text());
		expect(html).toContain("三门峡市");
		expect(html).toContain("2024年度政府与工会联席会议");
		expect(html).toContain("2024-10-25");
		expect(html).toContain("在快递、外卖行业开展新就业形态劳动者职业伤害保障试点");
		expect(html).toContain("已办结");
		expect(html).toContain("政府与工会联席会议召开");
		// Nothing internal: no attendee, no review comment, no draft of the minutes, no later meeting.
		for (const internal of ["赵春生", "请把全部议定事项列全", "联系工会工作的副职领导", "2026年度政府与工会联席会议"]) {
			expect(html).not.toContain(internal);
		}
		const again = await visitor.request("/p/smx", { headers: { "If-None-Match": etag ?? "" } });
		expect(again.status).toBe(304);
		expect(await again.text()).toBe("");
	});

	it("answers 404 for a unit that did not opt in, and for no unit at all", async () => {
		for (const path of ["/p/hubin", "/p/hubin/feed.atom", "/p/no-such-unit", "/p/no-such-unit/feed.atom"]) {
			expect({ path, status: (await new HttpClient().request(path)).status }).toEqual({ path, status: 404 });
		}
	});

	it("offers the same as an Atom feed, escaped and well-formed", async () => {
		const response = await new HttpClient().request("/p/smx/feed.atom");
		expect(response.status).toBe(200);
		expect(response.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
		expect(response.headers.get("cache-control")).toBe("public, no-cache");
		const xml = await response.text();
		expectWellFormed(xml);
		expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom"');
		expect(xml.match(/<entry>/g)).toHaveLength(1);
		expect(xml).toMatch(/<id>urn:uuid:[0-9a-f-]{36}<\/id>/);
		expect(xml).toContain("2024年度政府与工会联席会议");
		const etag = response.headers.get("etag") ?? "";
		expect((await new HttpClient().request("/p/smx/feed.atom", { headers: { "If-None-Match": etag } })).status).toBe(
			304,
		);
	});

	it("members see both agreements; a withdrawal removes the meeting at once, both sides bring it back", async () => {
		const admin = await client("admin@smx.demo");
		const board = main(await (await admin.request("/t/smx/public-results")).text());
		expect(board).toContain("2024年度政府与工会联席会议");
		expect(board).toContain("已公开");
		const meetingId = /name="meetingId" value="([0-9a-f-]{36})"/.exec(board)?.[1] ?? "";
		expect(meetingId).not.toBe("");

		expect((await admin.request("/t/smx/public-results", { form: { intent: "withdraw", meetingId } })).status).toBe(
			200,
		);
		expect(main(await (await new HttpClient().request("/p/smx")).text())).not.toContain("2024年度政府与工会联席会议");

		const union = await client("union_chair@smx.demo");
		const agreed = await union.request("/t/smx/public-results", { form: { intent: "agree", meetingId } });
		expect(main(await agreed.text())).toContain("已记录您的同意");
		expect(main(await (await new HttpClient().request("/p/smx")).text())).not.toContain("2024年度政府与工会联席会议");
		const gov = await client("gov_liaison@smx.demo");
		const published = await gov.request("/t/smx/public-results", { form: { intent: "agree", meetingId } });
		expect(main(await published.text())).toContain("会议结果已公开");
		expect(main(await (await new HttpClient().request("/p/smx")).text())).toContain("2024年度政府与工会联席会议");
	});
});
