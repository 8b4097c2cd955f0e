import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { zipEntryNames } from "#app/domain/files/zip-entries.ts";
import { type DatabaseHandle, openDatabase } from "#db/client.ts";
import { parseDatabaseEnv } from "#db/database-env.ts";
import { HttpClient } from "#tests/support/http-client.ts";
import { readZipEntryBytes } from "#tests/support/read-zip.ts";
import { sampleDocx, samplePdf, storedZip } from "#tests/support/sample-documents.ts";

/**
 * A documents request and a form's file field over HTTP, end to end (issue #22 §1, §2, §4, §5): the
 * city makes the request with the page's own form, the counties upload through their fill page (checked
 * by content, as every upload is), their leaders 上报, and the city downloads one zip with a folder per
 * unit holding the very bytes uploaded. A draft's file stays in its unit; a sibling reads none of them.
 */
let db: DatabaseHandle;
let ids: Record<string, string> = {};

beforeAll(async () => {
	db = await openDatabase({ env: parseDatabaseEnv({ DATABASE_URL: inject("databaseUrl") }) });
	const rows = await db.owner
		.selectFrom("tenants")
		.select(["slug", "id"])
		.where("slug", "in", ["smx", "hubin", "lushi", "yima", "mianchi"])
		.execute();
	ids = Object.fromEntries(rows.map((t) => [t.slug, t.id]));
});
afterAll(async () => {
	await db?.close();
});

async function client(email: string) {
	const c = new HttpClient();
	await c.signIn(email);
	return c;
}

const text = async (response: Response) => (await response.text()).replaceAll("<!-- -->", "");

/** The city's "new request" form, posted as the page posts it; answers the new request's id. */
async function createRequest(entries: [string, string][]) {
	const city = await client("gov_office@smx.demo");
	const response = await city.request("/t/smx/report-requests/new", {
		method: "POST",
		body: new URLSearchParams([
			["instructions", "请上传本单位材料。"],
			["periodKind", "year"],
			["periodYear", "2026"],
			["dueOn", "2031-01-31"],
			["scope", "picked"],
			["recurrence", "none"],
			...entries,
		]),
		headers: { "content-type": "application/x-www-form-urlencoded" },
	});
	expect(response.status, await response.clone().text()).toBe(302);
	const location = response.headers.get("location") ?? "";
	const id = /\/t\/smx\/report-requests\/([0-9a-f-]{36})\?sent=(\d+)$/.exec(location);
	if (!id?.[1]) throw new Error(`no request in ${location}`);
	return { id: id[1], sent: Number(id[2]) };
}

/** A multipart post, as a browser sends the fill page's upload and save forms. */
function post(c: HttpClient, path: string, fields: Record<string, string>, files: Record<string, File | File[]> = {}) {
	const body = new FormData();
	for (const [name, value] of Object.entries(fields)) body.append(name, value);
	for (const [name, chosen] of Object.entries(files))
		for (const file of Array.isArray(chosen) ? chosen : [chosen]) body.append(name, file);
	return c.request(path, { method: "POST", body });
}

const file = (bytes: Uint8Array, name: string) => new File([bytes as Uint8Array<ArrayBuffer>], name);

async function targetStatus(requestId: string, slug: string) {
	const { rows } = await sql<{ status: string }>`
		select status from report_targets where request_id = ${requestId} and unit_id = ${ids[slug]}`.execute(db.owner);
	return rows[0]?.status;
}

async function unitFiles(requestId: string, slug: string) {
	const { rows } = await sql<{ n: number }>`
		select count(*)::int as n from report_submission_files
		where request_id = ${requestId} and tenant_id = ${ids[slug]}`.execute(db.owner);
	return rows[0]?.n;
}

/** The file ids a page links to under /t/<slug>/files/…, in page order. */
function fileLinks(html: string, slug: string) {
	return [...html.matchAll(new RegExp(`/t/${slug}/files/([0-9a-f-]{36})/`, "g"))].map((m) => m[1] as string);
}

describe("a documents request, end to end", () => {
	const docx = sampleDocx();
	const pdf = samplePdf();
	// An Excel workbook's package: accepted as .xlsx, refused named as a Word document.
	const workbook = storedZip({ "[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>" });
	let requestId = "";
	let lushiFile = "";

	it("the city makes it with the page's form, picking three counties", async () => {
		const made = await createRequest([
			["title", "材料测试：联席会议制度落实佐证材料"],
			["kind", "documents"],
			["unitIds", ids.hubin as string],
			["unitIds", ids.lushi as string],
			["unitIds", ids.yima as string],
		]);
		requestId = made.id;
		expect(made.sent).toBe(3);
		const { rows } = await sql<{ kind: string; fields: unknown }>`
			select kind, fields from report_requests where id = ${requestId}`.execute(db.owner);
		expect(rows[0]).toEqual({ kind: "documents", fields: [] });
	});

	it("湖滨区 uploads a Word document and 卢氏县 a PDF; each sees its own file listed", async () => {
		const hubin = await client("union_staff@hubin.demo");
		const hubinPath = `/t/hubin/report-requests/${requestId}/fill`;
		const page = await text(await hubin.request(hubinPath));
		expect(page).toContain('name="document"');
		// A Word document and an Excel workbook (the request asks for either) in one post.
		const uploaded = await post(
			hubin,
			hubinPath,
			{ intent: "upload" },
			{ document: [file(docx, "落实情况报告.docx"), file(workbook, "统计表.xlsx")] },
		);
		expect(uploaded.status).toBe(200);
		const body = await text(uploaded);
		expect(body).toContain("材料已上传。");
		expect(fileLinks(body, "hubin")).toHaveLength(2);
		expect(body).toContain("落实情况报告.docx");
		expect(body).toContain("统计表.xlsx");
		expect(await targetStatus(requestId, "hubin")).toBe("draft");

		const lushi = await client("gov_office@lushi.demo");
		const lushiPath = `/t/lushi/report-requests/${requestId}/fill`;
		const answer = await text(
			await post(lushi, lushiPath, { intent: "upload" }, { document: file(pdf, "会议纪要.pdf") }),
		);
		expect(answer).toContain("材料已上传。");
		const links = fileLinks(answer, "lushi");
		expect(links).toHaveLength(1);
		lushiFile = links[0] as string;
		// The unit reads its own draft's file back, byte for byte.
		const own = await lushi.request(`/t/lushi/files/${lushiFile}/x`);
		expect(own.status).toBe(200);
		expect(new Uint8Array(await own.arrayBuffer())).toEqual(pdf);
	});

	it("a file that is not what its extension says is refused with a clear message, and nothing is stored", async () => {
		const yima = await client("union_staff@yima.demo");
		const path = `/t/yima/report-requests/${requestId}/fill`;
		for (const [bytes, name, message] of [
			[pdf, "工作台账.docx", "文件扩展名与文件内容不符。"],
			[workbook, "工作台账.docx", "文件扩展名与文件内容不符。"],
		] as const) {
			const refused = await post(yima, path, { intent: "upload" }, { document: file(bytes, name) });
			expect(refused.status).toBe(200);
			const body = await text(refused);
			// The message names the file and says what is wrong with it.
			expect(body).toContain(`文件“${name}”未上传：${message}`);
			expect(body).not.toContain("材料已上传。");
		}
		// One bad file among good ones stops them all.
		const mixed = new FormData();
		mixed.append("intent", "upload");
		mixed.append("document", file(docx, "说明.docx"));
		mixed.append("document", file(pdf, "台账.docx"));
		expect(await text(await yima.request(path, { method: "POST", body: mixed }))).toContain(
			"文件“台账.docx”未上传：文件扩展名与文件内容不符。",
		);
		expect(await unitFiles(requestId, "yima")).toBe(0);
		const stored = await sql<{ n: number }>`
			select count(*)::int as n from files where tenant_id = ${ids.yima}
			and original_name in ('工作台账.docx', '说明.docx', '台账.docx')`.execute(db.owner);
		expect(stored.rows[0]?.n).toBe(0);
		expect(await targetStatus(requestId, "yima")).toBe("not_started");
		// Without any document there is nothing to approve.
		const empty = await text(await post(yima, path, { intent: "ask_approval" }));
		expect(empty).toContain("请先上传材料，再提交审核。");
		expect(empty).not.toContain("已提交单位审核。");
		expect(await targetStatus(requestId, "yima")).not.toBe("pending_approval");
	});

	it("a document uploaded by mistake is removed from the draft", async () => {
		const hubin = await client("union_staff@hubin.demo");
		const path = `/t/hubin/report-requests/${requestId}/fill`;
		const added = await text(await post(hubin, path, { intent: "upload" }, { document: file(pdf, "误传.pdf") }));
		const links = fileLinks(added, "hubin");
		expect(links).toHaveLength(3);
		const mistaken = links[2] as string;
		expect(added).toContain("删除材料“误传.pdf”");
		const removed = await text(await post(hubin, path, { intent: "remove_document", fileId: mistaken }));
		expect(removed).toContain("材料已删除。");
		expect(fileLinks(removed, "hubin")).toHaveLength(2);
		expect(removed).not.toContain("误传.pdf");
		expect(await unitFiles(requestId, "hubin")).toBe(2);
		// Another unit's post removes nothing of 湖滨区's (and nothing of its own).
		const lushi = await client("gov_office@lushi.demo");
		const kept = links[0] as string;
		await post(lushi, `/t/lushi/report-requests/${requestId}/fill`, { intent: "remove_document", fileId: kept });
		expect(await unitFiles(requestId, "hubin")).toBe(2);
		expect(await unitFiles(requestId, "lushi")).toBe(1);
	});

	it("a draft's file is not the city's to read before 上报, nor in the zip", async () => {
		const city = await client("gov_office@smx.demo");
		expect((await city.request(`/t/smx/files/${lushiFile}/x`)).status).toBe(404);
		expect((await city.request(`/t/smx/report-requests/${requestId}/units/${ids.lushi}`)).status).toBe(404);
		const zip = await city.request(`/t/smx/report-requests/${requestId}/documents.zip`);
		expect(zip.status).toBe(200);
		expect(zipEntryNames(new Uint8Array(await zip.arrayBuffer())) ?? []).toEqual([]);
	});

	it("the staff ask for approval, the leaders 上报", async () => {
		for (const slug of ["hubin", "lushi"]) {
			const path = `/t/${slug}/report-requests/${requestId}/fill`;
			const staff = await client(`union_staff@${slug}.demo`);
			expect(await text(await post(staff, path, { intent: "ask_approval" }))).toContain("已提交单位审核。");
			expect(await targetStatus(requestId, slug)).toBe("pending_approval");
			const chair = await client(`union_chair@${slug}.demo`);
			const approved = await post(chair, path, { intent: "approve", comment: "" });
			expect(approved.status).toBe(200);
			expect(await text(approved)).toContain("已上报。");
			expect(await targetStatus(requestId, slug)).toBe("submitted");
		}
	});

	it("the city downloads documents.zip: one folder per reporting unit, the files' exact bytes", async () => {
		const city = await client("gov_office@smx.demo");
		const response = await city.request(`/t/smx/report-requests/${requestId}/documents.zip`);
		expect(response.status).toBe(200);
		expect(response.headers.get("content-type")).toBe("application/zip");
		const zip = new Uint8Array(await response.arrayBuffer());
		expect([...(zipEntryNames(zip) ?? [])].sort()).toEqual([
			"卢氏县/会议纪要.pdf",
			"湖滨区/统计表.xlsx",
			"湖滨区/落实情况报告.docx",
		]);
		expect(readZipEntryBytes(zip, "湖滨区/落实情况报告.docx")).toEqual(docx);
		expect(readZipEntryBytes(zip, "湖滨区/统计表.xlsx")).toEqual(workbook);
		expect(readZipEntryBytes(zip, "卢氏县/会议纪要.pdf")).toEqual(pdf);
		// The reported file itself, through the unit's page.
		const unitPage = await text(await city.request(`/t/smx/report-requests/${requestId}/units/${ids.lushi}`));
		expect(fileLinks(unitPage, "smx")).toEqual([lushiFile]);
		const read = await city.request(`/t/smx/files/${lushiFile}/${encodeURIComponent("会议纪要.pdf")}`);
		expect(read.status).toBe(200);
		expect(new Uint8Array(await read.arrayBuffer())).toEqual(pdf);
	});

	it("a sibling county gets 404 on another county's files and on the zip", async () => {
		const hubin = await client("gov_office@hubin.demo");
		expect((await hubin.request(`/t/hubin/files/${lushiFile}/x`)).status).toBe(404);
		expect((await hubin.request(`/t/lushi/files/${lushiFile}/x`)).status).toBe(404);
		expect((await hubin.request(`/t/hubin/report-requests/${requestId}/documents.zip`)).status).toBe(404);
		expect((await hubin.request(`/t/hubin/report-requests/${requestId}/units/${ids.lushi}`)).status).toBe(404);
	});
});

describe("a form request with a required file field", () => {
	let requestId = "";
	const pdf = samplePdf();

	it("refuses 提交审核 without the file at the field, accepts it with the file; the city sees the file", async () => {
		requestId = (
			await createRequest([
				["title", "材料测试：职工书屋佐证"],
				["kind", "form"],
				["unitIds", ids.mianchi as string],
				["fields[0].label", "佐证材料"],
				["fields[0].type", "file"],
				["fields[0].required", "on"],
				["fields[1].label", "职工书屋数"],
				["fields[1].type", "integer"],
			])
		).id;
		const staff = await client("union_staff@mianchi.demo");
		const path = `/t/mianchi/report-requests/${requestId}/fill`;
		const form = await text(await staff.request(path));
		expect(form).toMatch(/enctype="multipart\/form-data"/i);
		// 保存草稿 keeps a draft with required fields still empty: the browser must not block it.
		expect(/<button[^>]*value="save"[^>]*>/.exec(form)?.[0]).toMatch(/formNoValidate/i);
		// The file input is required (no file yet); 保存草稿 does not ask the browser to check it.
		expect(/<input[^>]*name="file\.f1"[^>]*>/.exec(form)?.[0]).toContain('required=""');
		// A form takes no loose documents (nor a documents request a workbook).
		expect((await post(staff, path, { intent: "upload" }, { document: file(pdf, "书屋台账.pdf") })).status).toBe(400);
		// A browser sends an empty part for a file input left empty.
		const refused = await post(
			staff,
			path,
			{ intent: "ask_approval", "value.f2": "3" },
			{ "file.f1": new File([], "", { type: "application/octet-stream" }) },
		);
		expect(refused.status).toBe(200);
		const body = await text(refused);
		expect(body).toContain("还有内容需要修改或说明");
		const atField = body.slice(body.indexOf("佐证材料"), body.indexOf("职工书屋数"));
		expect(atField).toContain(">必填</p>");
		expect(body).not.toContain("已提交单位审核。");
		expect(await targetStatus(requestId, "mianchi")).toBe("draft");

		// A file that is not what it says is refused at the field too, and the typed figure is kept.
		const wrong = await text(
			await post(staff, path, { intent: "save", "value.f2": "4" }, { "file.f1": file(pdf, "书屋照片.png") }),
		);
		const wrongAtField = wrong.slice(wrong.indexOf("佐证材料"), wrong.indexOf("职工书屋数"));
		expect(wrongAtField).toContain("文件扩展名与文件内容不符。");
		expect(wrong).toContain('value="4"');

		const sent = await post(
			staff,
			path,
			{ intent: "ask_approval", "value.f2": "3" },
			{ "file.f1": file(pdf, "书屋台账.pdf") },
		);
		expect(sent.status).toBe(200);
		expect(await text(sent)).toContain("已提交单位审核。");
		expect(await targetStatus(requestId, "mianchi")).toBe("pending_approval");
		const chair = await client("union_chair@mianchi.demo");
		expect(await text(await post(chair, path, { intent: "approve", comment: "" }))).toContain("已上报。");

		const city = await client("gov_office@smx.demo");
		const unit = await text(await city.request(`/t/smx/report-requests/${requestId}/units/${ids.mianchi}`));
		expect(unit).toContain("书屋台账.pdf");
		const [link] = fileLinks(unit, "smx");
		expect(link).toBeDefined();
		const read = await city.request(`/t/smx/files/${link}/${encodeURIComponent("书屋台账.pdf")}`);
		expect(read.status).toBe(200);
		expect(new Uint8Array(await read.arrayBuffer())).toEqual(pdf);
		// Only the reported version's single file was recorded for the field.
		const { rows } = await sql<{ n: number }>`
			select count(*)::int as n from report_submission_files
			where request_id = ${requestId} and field_key = 'f1'`.execute(db.owner);
		expect(rows[0]?.n).toBe(1);
	});
});
