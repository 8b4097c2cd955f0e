import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { ParsedMail } from "mailparser";
import { createLogger } from "#app/lib/logger.server.ts";
import type { DatabaseHandle } from "#db/client.ts";
import { createMailer } from "#workers/email/mailer.ts";
import { handleOutboxMessage } from "#workers/handlers.ts";
import { markDone } from "#workers/outbox-store.ts";
import { addressesOf, linkPathIn, mailsIn } from "./mailed-link.ts";

/** Where a test's mail goes: .eml files, written by the app's own mailer, read back with mailparser. */
export interface Mailbox {
	dir: string;
	/** Runs the pending link-mail outbox rows of one unit through their real handlers. */
	deliver(tenantId: string): Promise<string[]>;
	messages(): Promise<ParsedMail[]>;
	/** The token of the newest mailed link to `email` under `/invite/` or `/set-password/`. */
	tokenFor(email: string, kind: "invite" | "set-password"): Promise<string>;
}

export const linkTopics = ["invitation.created", "password.link_requested", "password.reset_requested"];
export const PUBLIC_URL = "https://lianxi.example";

export function openMailbox(db: DatabaseHandle): Mailbox {
	const dir = mkdtempSync(path.join(tmpdir(), "lianxi-mail-"));
	const mailer = createMailer({ dataDir: dir, from: "联席通 <noreply@lianxi.example>" });
	const ctx = { db, mailer, publicUrl: PUBLIC_URL, log: createLogger("silent"), now: () => new Date() };
	const box: Mailbox = {
		dir,
		async deliver(tenantId) {
			const rows = await db.owner
				.selectFrom("outbox")
				.select(["tenant_id", "id", "topic", "payload"])
				.where("tenant_id", "=", tenantId)
				.where("topic", "in", linkTopics)
				.where("processed_at", "is", null)
				.orderBy("created_at")
				.execute();
			const outcomes: string[] = [];
			for (const row of rows) {
				outcomes.push(await handleOutboxMessage(ctx, row.topic, row.tenant_id, row.payload));
				await markDone(db.owner, { tenantId: row.tenant_id, id: row.id });
			}
			return outcomes;
		},
		messages: () => mailsIn(path.join(dir, "mail")),
		async tokenFor(email, kind) {
			const mine = (await box.messages()).filter((m) => addressesOf(m).includes(email));
			const token = mine
				.filter((m) => m.text?.includes(`${PUBLIC_URL}/${kind}/`))
				.map((m) => linkPathIn(m, kind)?.split("/").at(-1))
				.filter(Boolean)
				.at(-1);
			if (!token) throw new Error(`no /${kind}/ link mailed to ${email} (${mine.length} messages to them)`);
			return token;
		},
	};
	return box;
}

export { addressesOf };
