import * as fontkit from "fontkit";
import { beforeAll, describe, expect, it } from "vitest";
import { minutesOfd } from "#app/domain/minutes/ofd-package.server.ts";
import type { OfficialMinutes } from "#app/domain/minutes/official-layout.ts";
import { openOfd } from "#tests/support/ofd-package.ts";

/** Minutes with n decided matters, written out as the route builds them; the matters' text is the test's own. */
function minutes(n: number): OfficialMinutes {
	return {
		mark: "渑池县政府与工会联席会议纪要",
		number: "〔2026〕3号",
		draftLabel: "草稿",
		title: "关于2026年度渑池县人民政府与渑池县总工会联席会议的纪要",
		sections: [
			{
				heading: "一、会议概况",
				paragraphs: [
					{ kind: "labelled", label: "时间", text: "2026年12月4日" },
					{ kind: "labelled", label: "地点", text: "县政府第一会议室" },
					{
						kind: "labelled",
						label: "出席",
						text: "陈国华（县长）、王志强（副县长）、李红梅（县总工会主席）、张建军（县总工会副主席）、刘洋（县政府副秘书长）、赵磊（县人力资源和社会保障局局长）",
					},
					{ kind: "labelled", label: "请假", text: "孙伟（县财政局局长）" },
				],
			},
			{
				heading: "二、会议内容",
				paragraphs: [
					// The 29th code point is "，": a line may not start with it.
					{ kind: "text", text: `${"会".repeat(26)}议要求，各部门要把保障职工合法权益作为重要工作。` },
					// "（" falls at the end of a line: a line may not end with it.
					{ kind: "text", text: `${"讨".repeat(25)}论（职工代表发言）后形成一致意见。` },
					{ kind: "subheading", text: "（一）关于根治欠薪" },
					{ kind: "text", text: "2026年共办结欠薪案件128件，涉及金额3,560.5万元，惠及职工4213人。" },
				],
			},
			{
				heading: "三、议定事项",
				paragraphs: Array.from({ length: n }, (_, i) => ({
					kind: "text" as const,
					text: `${i + 1}. 第${i + 1}项议定事项：完善劳动争议多元化解机制。牵头单位：县人力资源和社会保障局；完成时限：2027年3月31日。`,
				})),
			},
		],
		copyTo: "县人力资源和社会保障局、县财政局",
		issuer: "渑池县人民政府办公室",
		issuedOn: "2026-12-04",
	};
}

/** What the page shows, in reading order, without spaces: the test's own account of the text. */
function expectedText(doc: OfficialMinutes) {
	const parts = [doc.mark, doc.number, doc.title];
	for (const s of doc.sections) {
		parts.push(s.heading);
		for (const p of s.paragraphs) parts.push(p.kind === "labelled" ? `${p.label}：${p.text}` : p.text);
	}
	parts.push(`抄送：${doc.copyTo}`, doc.issuer, "2026年12月4日印发");
	return parts.join("").replace(/\s+/g, "");
}

const PT = 25.4 / 72;
const near = (a: number, b: number) => Math.abs(a - b) < 0.01;

describe("issued minutes as OFD (GB/T 33190, laid out per GB/T 9704)", () => {
	let one: ReturnType<typeof openOfd>;
	let thirty: ReturnType<typeof openOfd>;
	beforeAll(async () => {
		const info = { author: "渑池县人民政府办公室", createdOn: "2026-12-04", embedFonts: true };
		one = openOfd(await minutesOfd(minutes(1), info));
		thirty = openOfd(await minutesOfd(minutes(30), info));
	}, 60_000);

	const pagesOf = (ofd: ReturnType<typeof openOfd>) =>
		ofd.names.filter((n) => /^Doc_0\/Pages\/Page_\d+\/Content\.xml$/.test(n)).sort((a, b) => pageNo(a) - pageNo(b));
	const pageNo = (name: string) => Number(/Page_(\d+)/.exec(name)?.[1]);

	it("validates against the standard's schemas, every part", () => {
		for (const ofd of [one, thirty]) {
			expect(ofd.validate("OFD.xml", "OFD.xsd")).toBeNull();
			expect(ofd.validate("Doc_0/Document.xml", "Document.xsd")).toBeNull();
			expect(ofd.validate("Doc_0/PublicRes.xml", "Res.xsd")).toBeNull();
			const pages = pagesOf(ofd);
			expect(pages.length).toBeGreaterThan(0);
			for (const page of pages) expect({ page, error: ofd.validate(page, "Page.xsd") }).toEqual({ page, error: null });
		}
	});

	it("is a whole package: every location resolves, IDs are unique, MaxUnitID is the highest, fonts exist", () => {
		for (const ofd of [one, thirty]) {
			expect(ofd.names[0]).toBe("OFD.xml");
			expect(ofd.texts("OFD.xml", "DocRoot")).toEqual(["Doc_0/Document.xml"]);
			expect(ofd.texts("OFD.xml", "DocID")[0]).toMatch(/^[0-9a-f]{32}$/);
			expect(ofd.texts("Doc_0/Document.xml", "PhysicalBox")).toEqual(["0 0 210 297"]);
			const locations = [
				...ofd.texts("Doc_0/Document.xml", "PublicRes").map((l) => `Doc_0/${l}`),
				...ofd.attributes("Doc_0/Document.xml", "//*[local-name()='Page']/@BaseLoc").map((l) => `Doc_0/${l}`),
				...ofd.texts("Doc_0/PublicRes.xml", "FontFile").map((l) => `Doc_0/Res/${l}`),
			];
			expect(ofd.attributes("Doc_0/PublicRes.xml", "/*/@BaseLoc")).toEqual(["Res"]);
			for (const location of locations) expect(ofd.names).toContain(location);
			const xmlParts = ofd.names.filter((n) => n.endsWith(".xml"));
			const ids = xmlParts.flatMap((part) => ofd.attributes(part, "//@ID").map(Number));
			expect(new Set(ids).size).toBe(ids.length);
			expect(Number(ofd.texts("Doc_0/Document.xml", "MaxUnitID")[0])).toBe(Math.max(...ids));
			const fontIds = ofd.attributes("Doc_0/PublicRes.xml", "//*[local-name()='Font']/@ID");
			expect(fontIds).toHaveLength(5);
			for (const page of pagesOf(ofd)) {
				for (const font of ofd.attributes(page, "//*[local-name()='TextObject']/@Font"))
					expect(fontIds).toContain(font);
			}
		}
		expect(ofd3Names(one)).toEqual(["方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312", "宋体"].sort());
	});
	const ofd3Names = (ofd: ReturnType<typeof openOfd>) =>
		ofd.attributes("Doc_0/PublicRes.xml", "//*[local-name()='Font']/@FontName").sort();

	it("embeds font subsets that hold every character drawn", () => {
		const files = one.texts("Doc_0/PublicRes.xml", "FontFile");
		expect(new Set(files)).toEqual(new Set(["serif.otf", "serifBold.otf", "sans.otf"]));
		const serif = fontkit.create(Buffer.from(one.entries["Doc_0/Res/serif.otf"] as Uint8Array)) as fontkit.Font;
		for (const ch of "渑池县政府办公室〔2026〕3号—")
			expect(serif.hasGlyphForCodePoint(ch.codePointAt(0) as number)).toBe(true);
		// A subset, not the 26 MB collection.
		expect((one.entries["Doc_0/Res/serif.otf"] as Uint8Array).byteLength).toBeLessThan(200_000);
	});

	it("reads back, page by page, as the minutes' text", () => {
		for (const [ofd, n] of [
			[one, 1],
			[thirty, 30],
		] as const) {
			const lines = pagesOf(ofd).flatMap((page) => ofd.texts(page, "TextCode"));
			const body = lines.filter((l) => !/^— \d+ —$/.test(l));
			expect(body.join("").replace(/\s+/g, "")).toBe(expectedText(minutes(n)));
		}
	});

	it("keeps every line inside the 版心 and at most 22 body lines a page; pages are numbered odd right, even left", () => {
		const pages = pagesOf(thirty);
		expect(pages.length).toBeGreaterThanOrEqual(3);
		// The front matter and the two headed parts fill the first page; the matter and the 版记 go on the second.
		expect(pagesOf(one)).toHaveLength(2);
		pages.forEach((page, i) => {
			const boxes = thirty
				.attributes(page, "//*[local-name()='TextObject']/@Boundary")
				.map((b) => b.split(" ").map(Number));
			const sizes = thirty.attributes(page, "//*[local-name()='TextObject']/@Size").map(Number);
			for (const [x, , w] of boxes as [number, number, number, number][]) {
				expect(x).toBeGreaterThanOrEqual(28 - 0.001);
				expect(x + w).toBeLessThanOrEqual(184 + 0.001);
			}
			expect(sizes.filter((s) => near(s, 16 * PT)).length).toBeLessThanOrEqual(22);
			const texts = thirty.texts(page, "TextCode");
			const numberAt = texts.findIndex((t) => t === `— ${i + 1} —`);
			expect(numberAt).toBeGreaterThanOrEqual(0);
			const [x, y, w] = boxes[numberAt] as [number, number, number];
			// 四号 one character in from the 版心's edge, below it.
			if (i % 2 === 0) expect(x + w).toBeCloseTo(184 - 14 * PT, 1);
			else expect(x).toBeCloseTo(28 + 14 * PT, 1);
			expect(y).toBeGreaterThan(262);
		});
	});

	it("breaks lines by the rules: none starts with closing punctuation, none ends with opening punctuation", () => {
		const lines = pagesOf(one).flatMap((page) => one.texts(page, "TextCode"));
		expect(lines.length).toBeGreaterThan(10);
		for (const line of lines) {
			expect(line[0]).not.toMatch(/[，。、；：？！）》」]/);
			expect(line.at(-1)).not.toMatch(/[（《「]/);
		}
		// The paragraph built to put "，" at the head of a line: the character before it came down too.
		expect(lines).toContain("议要求，各部门要把保障职工合法权益作为重要工作。");
		expect(lines).toContain("（职工代表发言）后形成一致意见。");
		// Latin words and numbers are not split.
		expect(lines.some((l) => l.includes("3,560.5"))).toBe(true);
	});

	it("prints the red mark, the number, the red rule and, on the last page, the 版记", () => {
		const [page, last] = pagesOf(one) as [string, string];
		const texts = one.texts(page, "TextCode");
		expect(texts.slice(0, 2)).toEqual(["渑池县政府与工会联席会议纪要", "〔2026〕3号"]);
		expect(texts).not.toContain("渑池县人民政府办公室");
		const record = one.texts(last, "TextCode");
		expect(record).toContain("抄送：县人力资源和社会保障局、县财政局");
		expect(record).toContain("渑池县人民政府办公室");
		expect(record).toContain("2026年12月4日印发");
		expect(one.attributes(page, "//*[local-name()='TextObject'][1]/*[local-name()='FillColor']/@Value")).toEqual([
			"200 0 0",
		]);
		const strokes = one.attributes(page, "//*[local-name()='PathObject']/*[local-name()='StrokeColor']/@Value");
		expect(strokes).toEqual(["200 0 0"]);
		// 版记: a bold rule above, a thin one between 抄送 and 印发, a bold one below, in black.
		const widths = one.attributes(last, "//*[local-name()='PathObject']/@LineWidth").map(Number);
		expect(widths).toEqual([0.35, 0.25, 0.35]);
		expect(one.attributes(last, "//*[local-name()='PathObject']/*[local-name()='StrokeColor']/@Value")).toEqual([
			"0 0 0",
			"0 0 0",
			"0 0 0",
		]);
	});

	it("references the official fonts only when embedding is off", async () => {
		const bare = openOfd(
			await minutesOfd(minutes(1), { author: "渑池县人民政府办公室", createdOn: "2026-12-04", embedFonts: false }),
		);
		expect(bare.texts("Doc_0/PublicRes.xml", "FontFile")).toEqual([]);
		expect(bare.names.filter((n) => n.endsWith(".otf"))).toEqual([]);
		expect(bare.validate("Doc_0/PublicRes.xml", "Res.xsd")).toBeNull();
	});
});
