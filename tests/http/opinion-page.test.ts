import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { localFileStore } from "#app/lib/file-store.server.ts";
import { openDatabase } from "#db/client.ts";
import { parseDatabaseEnv } from "#db/database-env.ts";
import { demoPdf } from "#db/seed/demo-pdf.ts";
import { HttpClient } from "#tests/support/http-client.ts";

/**
 * O2 over HTTP on the built app and the demo: the department asked for its opinion reads the whole
 * topic — 背景情况, 调查研究, 建议和对策 and the topic's files — on its opinion page, and can open the files.
 */
const db = await openDatabase({ env: parseDatabaseEnv({ DATABASE_URL: inject("databaseUrl") }) });
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
	for (const cleanup of cleanups) await cleanup();
	await db.close();
});

const text = async (response: Response) => (await response.text()).replaceAll("<!-- -->", "");

describe("the opinion page", () => {
	it("shows the department the topic's three parts and its files", async () => {
		// The demo's open request to 市人力资源和社会保障局: a topic with all three parts; a file is attached here.
		const topic = await db.owner
			.selectFrom("topics as t")
			.innerJoin("tenants as n", "n.id", "t.tenant_id")
			.select(["t.id", "t.tenant_id"])
			.where("n.slug", "=", "smx")
			.where("t.title", "=", "职工职业技能提升行动")
			.executeTakeFirstOrThrow();
		const bytes = demoPdf(["Skills training survey"]);
		const sha256 = await localFileStore(path.join(inject("dataDir"), "files")).put(bytes);
		const file = await db.owner
			.insertInto("files")
			.values({
				tenant_id: topic.tenant_id,
				sha256,
				size_bytes: bytes.length,
				content_type: "application/pdf",
				original_name: "职工技能培训情况调查报告.pdf",
			})
			.returning("id")
			.executeTakeFirstOrThrow();
		await db.owner
			.insertInto("topic_files")
			.values({ tenant_id: topic.tenant_id, topic_id: topic.id, file_id: file.id })
			.execute();
		cleanups.push(async () => {
			await db.owner.deleteFrom("topic_files").where("file_id", "=", file.id).execute();
			await db.owner.deleteFrom("files").where("id", "=", file.id).execute();
		});

		const liaison = new HttpClient();
		await liaison.signIn("department_liaison@smx.demo");
		const response = await liaison.request("/t/smx/opinions");
		expect(response.status).toBe(200);
		const page = await text(response);
		const article = page.slice(page.indexOf("职工职业技能提升行动"));
		for (const part of [
			"背景情况",
			"技能培训覆盖面不足",
			"调查研究",
			"对全市规模以上企业的抽样调查显示，一线职工年均参加技能培训不足1次。",
			"建议和对策",
			"扩大以工代训补贴范围",
			"议题附件",
			"职工技能培训情况调查报告.pdf",
		]) {
			expect(article).toContain(part);
		}
		const href = `/t/smx/files/${file.id}/${encodeURIComponent("职工技能培训情况调查报告.pdf")}`;
		expect(article).toContain(`href="${href}"`);
		const download = await liaison.request(href);
		expect(download.status).toBe(200);
		expect(new Uint8Array(await download.arrayBuffer())).toEqual(bytes);
	});
});
