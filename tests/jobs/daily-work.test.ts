import { mkdtempSync, rmSync } from "node:fs";
import { utimes } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { unlistedBytesGraceMs } from "#app/domain/files/collect-unlisted-bytes.server.ts";
import { bindFileStore } from "#app/domain/files/file-store-binding.server.ts";
import { localFileStore } from "#app/lib/file-store.server.ts";
import { createTenant } from "#tests/support/integration-db.ts";
import { jobContext, openOwnDatabase } from "#tests/support/jobs-fixtures.ts";
import { runDailyWork } from "#workers/daily-work.ts";
import { createMailer } from "#workers/email/mailer.ts";

const own = await openOwnDatabase("daily_work");
const dataDir = mkdtempSync(path.join(tmpdir(), "lianxi-daily-work-"));
afterAll(async () => {
	await own.close();
	rmSync(dataDir, { recursive: true, force: true });
});

describe("the day's work", () => {
	it("runs the reminder sweep, then deletes the stored bytes no unit's row lists", async () => {
		const files = localFileStore(path.join(dataDir, "files"));
		expect(await bindFileStore(own.db.owner, files)).toBe("bound");
		const longAgo = new Date(Date.now() - unlistedBytesGraceMs - 60_000);
		const [listed, unlisted] = [
			await files.put(new TextEncoder().encode("%PDF-1.4 listed")),
			await files.put(new TextEncoder().encode("%PDF-1.4 taken back")),
		];
		for (const sha256 of [listed, unlisted])
			await utimes(path.join(dataDir, "files", sha256.slice(0, 2), sha256), longAgo, longAgo);
		const unit = await createTenant(own.db);
		await own.db.owner
			.insertInto("files")
			.values({
				tenant_id: unit.id,
				sha256: listed,
				size_bytes: 15,
				content_type: "application/pdf",
				original_name: "a.pdf",
			})
			.execute();
		const mailer = createMailer({ dataDir, from: "联席通 <noreply@lianxi.example>" });
		try {
			const sweep = await runDailyWork({ ...jobContext(own.db, mailer), files }, "2026-12-04");
			expect(sweep.day).toBe("2026-12-04");
			expect(await files.has(listed)).toBe(true);
			expect(await files.has(unlisted)).toBe(false);
		} finally {
			mailer.close();
		}
	});
});
