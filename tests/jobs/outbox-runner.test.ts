import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobContext, openOwnDatabase, seedNotifications } from "#tests/support/jobs-fixtures.ts";
import { startSmtpSink } from "#tests/support/smtp-sink.ts";
import { createMailer } from "#workers/email/mailer.ts";
import { OutboxRunner } from "#workers/in-process-runner.ts";
import { outboxCounts } from "#workers/outbox-store.ts";

// The outbox worked inside one process, without Redis (the embedded default's mode), on PostgreSQL.
const own = await openOwnDatabase("runner");
const { db } = own;
const smtp = await startSmtpSink();
const mailer = createMailer({ smtpUrl: smtp.url, dataDir: "/nonexistent", from: "联席通 <noreply@lianxi.example>" });
afterAll(async () => {
	mailer.close();
	await smtp.close();
	await own.close();
});

describe("the in-process outbox runner", () => {
	let seeded: Awaited<ReturnType<typeof seedNotifications>>;
	beforeAll(async () => {
		seeded = await seedNotifications(db, 60, 3);
		// One reader reads English; one turned meeting emails off.
		const [english, muted] = seeded.members;
		await db.owner
			.updateTable("users")
			.set({ preferred_lang: "en" })
			.where("id", "=", english?.id as string)
			.execute();
		await db.owner
			.updateTable("users")
			.set({ email_off: ["meetings"] })
			.where("id", "=", muted?.id as string)
			.execute();
	});

	it("two runners on one database send each notification's email exactly once, in the reader's language", async () => {
		const ctx = jobContext(db, mailer);
		const a = new OutboxRunner(ctx, { batch: 7 });
		const b = new OutboxRunner(ctx, { batch: 7 });
		const [na, nb] = await Promise.all([a.drain(), b.drain()]);
		expect(na + nb).toBe(60);
		expect(await outboxCounts(db.owner)).toMatchObject({ pending: 0, processed: 60, failed: 0 });

		const [english, muted, chinese] = seeded.members;
		const statuses = await db.owner
			.selectFrom("notifications")
			.select(["user_id", "email_status"])
			.where("tenant_id", "=", seeded.tenant.id)
			.execute();
		expect(statuses.filter((s) => s.user_id === muted?.id).every((s) => s.email_status === "muted")).toBe(true);
		expect(statuses.filter((s) => s.user_id !== muted?.id).every((s) => s.email_status === "sent")).toBe(true);

		// 20 each to the English and the Chinese reader, none to the one who turned them off.
		expect(smtp.received).toHaveLength(40);
		expect(new Set(smtp.received.map((m) => m.messageId)).size).toBe(40);
		expect(smtp.received.filter((m) => m.to.includes(muted?.email as string))).toHaveLength(0);
		const mails = await smtp.parsed();
		const en = mails.find((m) => m.to.includes(english?.email as string));
		const zh = mails.find((m) => m.to.includes(chinese?.email as string));
		expect(en?.language).toBe("en");
		expect(en?.subject).toMatch(/^\[Lianxitong\] The union proposes a meeting: 第 \d+ 号$/);
		expect(zh?.language).toBe("zh-CN");
		expect(zh?.subject).toMatch(/^【联席通】工会提请召开：第 \d+ 号$/);
		expect(zh?.text).toContain(`https://lianxi.example/t/${seeded.tenant.slug}/meetings`);
		expect(zh?.html).toContain(`href="https://lianxi.example/t/${seeded.tenant.slug}/meetings"`);
		// Nothing secret: no token, no password link.
		expect(zh?.text).not.toMatch(/set-password|invite\/|token/i);

		// A second pass finds nothing to do and sends nothing again.
		expect(await a.drain()).toBe(0);
		expect(smtp.received).toHaveLength(40);
	});

	it("a poison message fails after its retries, stays visible, and does not hold up the rows behind it", async () => {
		await db.owner
			.insertInto("outbox")
			.values([
				{ tenant_id: seeded.tenant.id, topic: "notification.created", payload: JSON.stringify({ nonsense: true }) },
				{ tenant_id: seeded.tenant.id, topic: "no.such.topic", payload: JSON.stringify({}) },
			])
			.execute();
		const more = await seedNotifications(db, 5, 1);
		const runner = new OutboxRunner(jobContext(db, mailer), { batch: 3, retryDelayMs: () => 0 });
		await runner.drain();
		const failed = await db.owner
			.selectFrom("outbox")
			.select(["topic", "attempts", "last_error", "failed_at"])
			.where("failed_at", "is not", null)
			.orderBy("topic")
			.execute();
		expect(failed.map((f) => [f.topic, f.attempts])).toEqual([
			["no.such.topic", 5],
			["notification.created", 5],
		]);
		expect(failed[0]?.last_error).toContain('no handler for outbox topic "no.such.topic"');
		expect(failed[1]?.last_error).toMatch(/notificationId/);
		const sentToNewUnit = smtp.received.filter((m) => m.to.includes(more.members[0]?.email as string));
		expect(sentToNewUnit).toHaveLength(5);
		expect(await outboxCounts(db.owner)).toMatchObject({ pending: 0, failed: 2 });
	});
});

describe("without SMTP_URL", () => {
	it("writes each message as an .eml file under DATA_DIR/mail, named by its Message-ID", async () => {
		const dataDir = await mkdtemp(path.join(tmpdir(), "lianxi-eml-"));
		const files = createMailer({ dataDir, from: "联席通 <noreply@lianxi.example>" });
		const seeded = await seedNotifications(db, 3, 1);
		await new OutboxRunner(jobContext(db, files)).drain();
		const names = readdirSync(path.join(dataDir, "mail"));
		expect(names.sort()).toEqual(seeded.notificationIds.map((id) => `${id}@lianxitong.eml`).sort());
		const mail = await simpleParser(readFileSync(path.join(dataDir, "mail", names[0] as string)));
		expect(mail.to && "text" in mail.to ? mail.to.text : "").toBe(seeded.members[0]?.email);
		expect(mail.subject).toMatch(/^【联席通】/);
	});
});
