import { describe, expect, it } from "vitest";
import { emailCategoryOf, notificationEmail } from "#workers/email/email-content.ts";
import { addDays, chinaDay, isoWeek, nextSweepAt, sweepDueToday } from "#workers/reminders/reminder-calendar.ts";

describe("the sweep's calendar (China time)", () => {
	it("runs at 08:30 in Shanghai whatever the server's zone", () => {
		// 00:29 UTC is 08:29 in Shanghai: today's run is a minute away.
		expect(nextSweepAt(new Date("2026-11-24T00:29:00Z")).toISOString()).toBe("2026-11-24T00:30:00.000Z");
		expect(nextSweepAt(new Date("2026-11-24T00:30:00Z")).toISOString()).toBe("2026-11-25T00:30:00.000Z");
		// 23:00 UTC on the 24th is already the 25th in Shanghai.
		expect(chinaDay(new Date("2026-11-24T23:00:00Z"))).toBe("2026-11-25");
		expect(nextSweepAt(new Date("2026-11-24T23:00:00Z")).toISOString()).toBe("2026-11-25T00:30:00.000Z");
		expect(sweepDueToday(new Date("2026-11-24T00:29:59Z"))).toBe(false);
		expect(sweepDueToday(new Date("2026-11-24T00:30:00Z"))).toBe(true);
	});

	it("counts days and ISO weeks across years", () => {
		expect(addDays("2026-12-30", 3)).toBe("2027-01-02");
		expect(addDays("2028-03-01", -1)).toBe("2028-02-29");
		expect(isoWeek("2026-11-24")).toBe("2026-W48");
		expect(isoWeek("2027-01-01")).toBe("2026-W53");
		expect(isoWeek("2024-12-30")).toBe("2025-W01");
	});
});

describe("notification emails", () => {
	it("fall into the categories a person can turn off", () => {
		expect(emailCategoryOf("topic.proposed")).toBe("meetings");
		expect(emailCategoryOf("opinion.requested")).toBe("meetings");
		expect(emailCategoryOf("minutes.submit")).toBe("minutes");
		expect(emailCategoryOf("matter.supervision")).toBe("matters");
		expect(emailCategoryOf("reminder.matter_due")).toBe("reminders");
		expect(emailCategoryOf("digest.lagging")).toBe("digest");
		expect(emailCategoryOf("invitation.accepted")).toBe("account");
	});

	it("escape what people typed and list a digest's units with reasons in the reader's language", () => {
		const base = {
			recipientName: "张<三>",
			unitName: "三门峡市",
			url: "https://x.example/t/smx/reports",
			settingsUrl: "https://x.example/account#email",
		};
		const zh = notificationEmail({
			...base,
			lang: "zh-CN",
			kind: "digest.lagging",
			params: { count: 1, units: "义马市", lines: JSON.stringify([["义马市", "noSystem,overdue30"]]) },
		});
		expect(zh.subject).toBe("【联席通】本周有 1 个下级单位需要督促：义马市");
		expect(zh.text).toContain("- 义马市：未建立制度；有逾期 30 天以上的议定事项");
		expect(zh.html).toContain("张&lt;三&gt;");
		expect(zh.html).not.toContain("<三>");
		const en = notificationEmail({ ...base, lang: "en", kind: "topic.returned", params: { title: "<b>x</b>" } });
		expect(en.subject).toBe("[Lianxitong] Topic returned: <b>x</b>");
		expect(en.html).toContain("&lt;b&gt;x&lt;/b&gt;");
	});
});
