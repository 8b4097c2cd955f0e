import { describe, expect, it } from "vitest";
import type { MeetingStatus, Role } from "#db/schema.ts";
import { roles } from "../tenancy/roles.ts";
import { escapeXml } from "../xml-text.ts";
import { atomFeed } from "./atom-feed.ts";
import {
	agreementSide,
	type CurrentRelease,
	checkOptIn,
	checkWithdraw,
	isReleasable,
	releaseAbilities,
	releaseState,
	sidesOf,
} from "./release-rules.ts";

const statuses: MeetingStatus[] = [
	"draft",
	"requested",
	"accepted",
	"preparing",
	"scheduled",
	"held",
	"minutes_review",
	"minutes_issued",
	"declined",
	"cancelled",
];
const none = null;
const unionOnly: CurrentRelease = { unionAgreedBy: "u1", governmentAgreedBy: null, publishedAt: null };
const both: CurrentRelease = { unionAgreedBy: "u1", governmentAgreedBy: "g1", publishedAt: new Date() };

describe("public results: who agrees, when (O7, P)", () => {
	it("only a held meeting has results to release", () => {
		expect(statuses.filter(isReleasable)).toEqual(["held", "minutes_review", "minutes_issued"]);
		for (const status of statuses) {
			const verdict = agreementSide(["union_chair"], "u9", status, none);
			expect({ status, ok: verdict.ok }).toEqual({ status, ok: isReleasable(status) });
		}
	});

	it("each role belongs to one side, or to none", () => {
		const sides = Object.fromEntries(roles.map((r) => [r, sidesOf([r])]));
		expect(sides).toEqual({
			admin: [],
			gov_head: ["government"],
			gov_liaison: ["government"],
			gov_deputy_secretary: ["government"],
			gov_office: ["government"],
			union_chair: ["union"],
			union_vice_chair: ["union"],
			union_staff: ["union"],
			department_liaison: [],
			viewer: [],
		});
		for (const role of ["admin", "viewer", "department_liaison"] as Role[]) {
			expect(agreementSide([role], "x", "held", none)).toMatchObject({ ok: false, code: "forbidden" });
		}
	});

	it("one side agreeing is not enough: published only with both", () => {
		expect(releaseState(none)).toBe("none");
		expect(releaseState(unionOnly)).toBe("awaiting_government");
		expect(releaseState({ ...unionOnly, unionAgreedBy: null, governmentAgreedBy: "g1" })).toBe("awaiting_union");
		expect(releaseState(both)).toBe("published");
	});

	it("a side agrees once; the same person never agrees for both sides", () => {
		expect(agreementSide(["union_staff"], "u2", "held", unionOnly)).toMatchObject({
			ok: false,
			reason: "publicResults.error.alreadyAgreed",
		});
		expect(agreementSide(["gov_office"], "g2", "held", unionOnly)).toEqual({ ok: true, side: "government" });
		// Someone holding roles of both sides agreed for the union: not again for the government.
		expect(agreementSide(["union_chair", "gov_office"], "u1", "held", unionOnly)).toMatchObject({ ok: false });
		expect(agreementSide(["union_chair", "gov_office"], "x", "held", none)).toEqual({ ok: true, side: "union" });
		expect(agreementSide(["gov_head"], "g2", "held", both)).toMatchObject({ ok: false });
	});

	it("either side or the admin withdraws a current release; nobody else, and not when there is none", () => {
		for (const role of roles) {
			const may = !["viewer", "department_liaison"].includes(role);
			expect({ role, ok: checkWithdraw([role], both).ok }).toEqual({ role, ok: may });
		}
		expect(checkWithdraw(["admin"], none)).toMatchObject({ ok: false, code: "invalid_state" });
		expect(checkWithdraw(["union_staff"], unionOnly).ok).toBe(true);
	});

	it("only the admin opts the unit in or out", () => {
		for (const role of roles) expect({ role, ok: checkOptIn([role]).ok }).toEqual({ role, ok: role === "admin" });
	});

	it("abilities: the next action for the person on the page", () => {
		expect(releaseAbilities(["gov_liaison"], "g1", "minutes_issued", unionOnly)).toEqual({
			agree: "government",
			withdraw: true,
		});
		expect(releaseAbilities(["admin"], "a", "held", none)).toEqual({ agree: null, withdraw: false });
		expect(releaseAbilities(["union_chair"], "u3", "scheduled", none)).toEqual({ agree: null, withdraw: false });
		expect(releaseAbilities(["viewer"], "v", "held", both)).toEqual({ agree: null, withdraw: false });
	});
});

describe("the Atom feed", () => {
	it("escapes every value and drops characters XML cannot hold", () => {
		expect(escapeXml(`<a href="x">&'\u0001</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;");
		const xml = atomFeed({
			id: "http://localhost/p/smx",
			title: "三门峡市 & <联席>",
			subtitle: "s",
			author: "政府 · 工会",
			lang: "zh-CN",
			selfLink: "http://localhost/p/smx/feed.atom",
			pageLink: "http://localhost/p/smx",
			updated: new Date("2024-11-07T02:30:00Z"),
			entries: [
				{
					id: "urn:uuid:00000000-0000-4000-8000-000000000001",
					title: "</title><script>alert(1)</script>",
					link: "http://localhost/p/smx#m-1",
					updated: new Date("2024-11-07T02:30:00Z"),
					sections: [{ heading: "议定事项", lines: ["<b>加薪</b> & 保障"] }],
				},
			],
		});
		expect(xml).toContain('<title type="text">三门峡市 &amp; &lt;联席&gt;</title>');
		expect(xml).toContain("&lt;/title&gt;&lt;script&gt;");
		expect(xml).not.toContain("<script");
		// The entry's HTML is escaped once as HTML and once more as the XML text of <content>.
		expect(xml).toContain("&lt;li&gt;&amp;lt;b&amp;gt;加薪&amp;lt;/b&amp;gt; &amp;amp; 保障&lt;/li&gt;");
		expect(xml).toContain("<updated>2024-11-07T02:30:00.000Z</updated>");
	});
});
