import { describe, expect, it } from "vitest";
import { minutesDocx } from "#app/domain/minutes/minutes-docx.ts";
import {
	checkMinutesAction,
	diffLines,
	type MinutesAction,
	type MinutesStatus,
	minutesNumber,
} from "#app/domain/minutes/minutes-rules.ts";
import type { Role } from "#db/schema.ts";
import { readZipEntry } from "#tests/support/read-zip.ts";

describe("minutes review machine (O5)", () => {
	it.each([
		["save", "union_staff", "draft", "ok"],
		["save", "union_staff", "union_review", "invalid_state"],
		["save", "gov_office", "draft", "forbidden"],
		["submit", "union_staff", "draft", "ok"],
		["submit", "union_chair", "draft", "forbidden"],
		["union_approve", "union_chair", "union_review", "ok"],
		["union_approve", "union_vice_chair", "union_review", "ok"],
		["union_approve", "gov_liaison", "union_review", "forbidden"],
		["union_approve", "union_chair", "gov_review", "invalid_state"],
		["gov_approve", "gov_liaison", "gov_review", "ok"],
		["gov_approve", "gov_head", "gov_review", "ok"],
		["gov_approve", "gov_deputy_secretary", "gov_review", "forbidden"],
		["gov_approve", "gov_head", "union_review", "invalid_state"],
		["return", "union_chair", "union_review", "ok"],
		["return", "gov_liaison", "union_review", "invalid_state"],
		["return", "gov_liaison", "gov_review", "ok"],
		["return", "union_chair", "gov_review", "invalid_state"],
		["return", "union_staff", "union_review", "forbidden"],
		["issue", "gov_office", "approved", "ok"],
		["issue", "union_staff", "approved", "ok"],
		["issue", "union_staff", "gov_review", "invalid_state"],
		["issue", "gov_head", "approved", "forbidden"],
		["save", "union_staff", "issued", "invalid_state"],
		["return", "gov_head", "issued", "invalid_state"],
	] as [MinutesAction, Role, MinutesStatus, string][])("%s by %s in %s → %s", (action, role, status, expected) => {
		const verdict = checkMinutesAction(action, [role], status);
		expect(verdict.ok ? "ok" : verdict.code).toBe(expected);
	});

	it("numbers minutes the official way", () => {
		expect(minutesNumber(2024, 1)).toBe("联席会议纪要〔2024〕1号");
	});

	it("diffs versions line by line", () => {
		expect(diffLines("甲\n乙\n丙", "甲\n丙\n丁")).toEqual([
			{ kind: "same", text: "甲" },
			{ kind: "removed", text: "乙" },
			{ kind: "same", text: "丙" },
			{ kind: "added", text: "丁" },
		]);
	});
});

describe("official-format Word minutes (GB/T 9704-2012)", () => {
	const make = (number: string | null) =>
		minutesDocx({
			number,
			draft: number === null,
			mark: "三门峡市政府与工会联席会议纪要",
			office: "三门峡市人民政府办公室",
			copyTo: "市人力资源和社会保障局、市财政局、市住房和城乡建设局",
			title: "2024年度政府与工会联席会议纪要",
			facts: [{ label: "会议时间", value: "2024-10-25" }],
			body: "会议听取了市总工会关于2024年工作的通报。\n会议研究了新就业形态劳动者权益保障。",
			matters: [
				{
					content: "开展新就业形态劳动者职业伤害保障试点",
					lead: "市人力资源和社会保障局",
					co: ["市财政局"],
					deadline: "2025-06-30",
				},
				{ content: "将职工服务阵地纳入城市更新规划", lead: "市住房和城乡建设局", co: [], deadline: "2025-12-31" },
			],
			labels: {
				facts: "会议基本情况",
				body: "会议内容",
				matters: "议定事项",
				lead: "牵头单位",
				co: "配合单位",
				deadline: "完成时限",
				draft: "草稿",
			},
			issuedOn: number ? "2024-11-05" : null,
		});

	it("carries the number, the matters and the East Asian fonts in A4 with the standard margins", async () => {
		const xml = readZipEntry(await make("〔2024〕1号"), "word/document.xml");
		// The same parts as the OFD: the red mark, the number above the red rule, the 版记.
		expect(xml).toMatch(
			/<w:color w:val="C80000"\/><w:sz w:val="52"\/><w:szCs w:val="52"\/><\/w:rPr><w:t xml:space="preserve">三门峡市政府与工会联席会议纪要</,
		);
		expect(xml).toContain("〔2024〕1号");
		expect(xml).toMatch(/<w:bottom w:val="single" w:color="C80000"/);
		expect(xml).toContain("抄送：市人力资源和社会保障局、市财政局、市住房和城乡建设局");
		// The office left, the 印发 date at the right tab stop.
		expect(xml).toContain("三门峡市人民政府办公室\t2024年11月5日印发");
		expect(xml).toContain("开展新就业形态劳动者职业伤害保障试点");
		expect(xml).toContain("（二）将职工服务阵地纳入城市更新规划");
		expect(xml).toContain("牵头单位：市人力资源和社会保障局；配合单位：市财政局；完成时限：2025-06-30。");
		expect(xml).toMatch(/w:eastAsia="仿宋_GB2312"/);
		expect(xml).toMatch(/w:eastAsia="方正小标宋简体"/);
		expect(xml).toMatch(/w:eastAsia="黑体"/);
		expect(xml).toMatch(/w:eastAsia="楷体_GB2312"/);
		expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
		expect(xml).toMatch(/w:top="2098"/);
		expect(xml).toMatch(/w:left="1587"/);
		expect(xml).toMatch(/w:right="1474"/);
		expect(xml).toMatch(/w:bottom="1984"/);
		expect(xml).toMatch(/<w:sz w:val="44"\/>/); // 2号 title
		expect(xml).toMatch(/<w:sz w:val="32"\/>/); // 3号 body
		expect(xml).not.toContain("草稿");
		const styles = readZipEntry(await make("〔2024〕1号"), "word/styles.xml");
		expect(styles).toMatch(/w:eastAsia="仿宋_GB2312"/);
	});

	it("marks a draft and page numbers in the 4号 — 1 — style", async () => {
		const bytes = await make(null);
		expect(readZipEntry(bytes, "word/document.xml")).toContain("草稿");
		const footers = ["word/footer1.xml", "word/footer2.xml"].map((name) => readZipEntry(bytes, name)).join("");
		expect(footers).toContain("— ");
		expect(footers).toContain("PAGE");
		expect(footers).toMatch(/<w:sz w:val="28"\/>/);
	});
});
