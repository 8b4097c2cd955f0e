import { describe, expect, it } from "vitest";
import { auditKindLabel, subjectText } from "#app/domain/audit/audit-words.ts";
import type { recordAudit } from "#app/domain/audit/record-audit.server.ts";
import { agendaItemTitle } from "#app/domain/meetings/agenda-order.ts";
import { standardAgenda } from "#app/domain/meetings/meeting-schema.ts";
import { meetingTitle, newMeetingTitle } from "#app/domain/meetings/meeting-title.ts";
import { type MessageKey, translator } from "#app/i18n/i18n.ts";
import { zhCN } from "#app/i18n/zh-CN.ts";

const zh = translator("zh-CN");
const en = translator("en");
const han = /\p{Script=Han}/u;
const mianchi = { government: "渑池县人民政府", union: "渑池县总工会" };

describe("generated meeting titles (issue 21): stored in Chinese, read in the reader's language", () => {
	it("a new title names both parties as the unit's profile has them", () => {
		expect(newMeetingTitle("regular", mianchi, 2026, 1)).toBe("渑池县人民政府与渑池县总工会2026年度联席会议");
		expect(newMeetingTitle("extraordinary", mianchi, 2026, 2)).toBe(
			"渑池县人民政府与渑池县总工会2026年第2次临时联席会议",
		);
	});

	it("in English the words come from the catalogue and the names stay as stored", () => {
		expect(meetingTitle(en, "渑池县人民政府与渑池县总工会2026年度联席会议")).toBe(
			"Joint meeting of 渑池县人民政府 and 渑池县总工会, 2026",
		);
		expect(meetingTitle(en, "渑池县人民政府与渑池县总工会2026年第2次临时联席会议")).toBe(
			"Extraordinary joint meeting no. 2 of 渑池县人民政府 and 渑池县总工会, 2026",
		);
	});

	it("titles made before the parties were named keep working, in both languages", () => {
		expect(meetingTitle(en, "2024年度政府与工会联席会议")).toBe("Government–trade union joint meeting, 2024");
		expect(meetingTitle(en, "2025年第1次临时联席会议")).toBe("Extraordinary joint meeting no. 1, 2025");
		expect(meetingTitle(zh, "2024年度政府与工会联席会议")).toBe("2024年度政府与工会联席会议");
		expect(meetingTitle(zh, "2025年第1次临时联席会议")).toBe("2025年第1次临时联席会议");
	});

	it("Chinese reads exactly as stored; a title in no known form is shown as it is", () => {
		expect(meetingTitle(zh, "渑池县人民政府与渑池县总工会2026年第2次临时联席会议")).toBe(
			"渑池县人民政府与渑池县总工会2026年第2次临时联席会议",
		);
		expect(meetingTitle(en, "职工代表座谈会")).toBe("职工代表座谈会");
	});
});

describe("the standard agenda (O4) from the catalogue", () => {
	it("stores the notice's Chinese wording and reads it in English by its number", () => {
		expect(standardAgenda).toEqual([
			"通报上次联席会议议定事项的落实情况",
			"通报本次联席会议议题产生情况及主要内容",
			"研究讨论并协商确定本次联席会议相关事宜",
			"双方领导同志就落实本次联席会议议定事项作部署",
		]);
		expect(agendaItemTitle(en, { title: "双方领导同志就落实本次联席会议议定事项作部署", standardItem: 4 })).toBe(
			"Both sides' leaders direct the carrying out of the matters decided at this meeting",
		);
	});

	it("an item people added stays as typed", () => {
		expect(agendaItemTitle(en, { title: "快递员职业伤害保障", standardItem: null })).toBe("快递员职业伤害保障");
	});
});

describe("audit events in words", () => {
	it("names a kind in both languages", () => {
		const hold = auditKindLabel("meeting.hold");
		const extend = auditKindLabel("matter.extend");
		if (!hold || !extend) throw new Error("expected labels");
		expect([zh(hold), en(hold)]).toEqual(["登记会议召开情况", "Meeting recorded as held"]);
		expect([zh(extend), en(extend)]).toEqual(["申请延期", "Extension requested"]);
	});

	it("labels what the database writes by itself (answering an invitation) and nothing unknown", () => {
		expect(auditKindLabel("member.invitation_accepted")).toBe("audit.kind.member.invitation_accepted");
		expect(auditKindLabel("member.invitation_declined")).toBe("audit.kind.member.invitation_declined");
		expect(auditKindLabel("meeting.teleported")).toBeNull();
		expect(auditKindLabel("toString")).toBeNull();
	});

	it("every label is Chinese in Chinese and has no Chinese in English", () => {
		const keys = Object.keys(zhCN).filter((k): k is MessageKey => /^(audit\.kind|audit\.subject)\./.test(k));
		expect(keys.length).toBeGreaterThan(60);
		for (const key of keys) {
			expect(zh(key), key).toMatch(han);
			expect(en(key), key).not.toMatch(han);
		}
	});

	it("names subjects by title: minutes by number, else by meeting; the automatic topic from the catalogue", () => {
		expect(
			subjectText(en, { kind: "minutes", number: "联席会议纪要〔2026〕3号", meeting: "2026年度政府与工会联席会议" }),
		).toBe("联席会议纪要〔2026〕3号");
		expect(subjectText(en, { kind: "minutes", number: null, meeting: "2026年度政府与工会联席会议" })).toBe(
			"Minutes of Government–trade union joint meeting, 2026",
		);
		expect(subjectText(zh, { kind: "topic", title: "上次联席会议议定事项落实情况", auto: true })).toBe(
			"上次联席会议议定事项落实情况",
		);
		expect(subjectText(en, { kind: "topic", title: "上次联席会议议定事项落实情况", auto: true })).toBe(
			"How the matters decided at the previous joint meeting were carried out",
		);
		expect(subjectText(en, { kind: "opinion", department: "县人社局", topic: "欠薪治理", autoTopic: false })).toBe(
			"Opinion of 县人社局 on “欠薪治理”",
		);
	});

	it("the compiler refuses an audit action that has no words (recordAudit takes AuditKind only)", () => {
		type Action = Parameters<typeof recordAudit>[1]["action"];
		const known: Action = "minutes.issue";
		// @ts-expect-error: not a kind of audit event, so it has no label either
		const unknown: Action = "meeting.teleported";
		expect([known, unknown]).toEqual(["minutes.issue", "meeting.teleported"]);
	});
});
