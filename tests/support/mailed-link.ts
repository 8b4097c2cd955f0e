import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { simpleParser } from "mailparser";
import { inject } from "vitest";

/**
 * The newest one-time link mailed to `email` (the app's SMTP server keeps each message as .eml): the
 * only place a link exists (ADR 0008). Waits for the app's outbox runner to deliver it.
 */
export async function mailedLink(email: string, kind: "invite" | "set-password", after = 0): Promise<string> {
	const dir = inject("mailDir");
	const pattern = new RegExp(`https?://[^\\s/]+(/${kind}/[a-z2-7]{32}\\.[a-z2-7]{32})`);
	const deadline = Date.now() + 20_000;
	while (Date.now() < deadline) {
		const files = readdirSync(dir)
			.filter((n) => n.endsWith(".eml"))
			.map((n) => ({ file: path.join(dir, n), at: statSync(path.join(dir, n)).mtimeMs }))
			.filter((f) => f.at >= after)
			.sort((a, b) => b.at - a.at);
		for (const { file } of files) {
			const mail = await simpleParser(readFileSync(file));
			const to = (Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : []).flatMap((a) => a.value);
			const link = pattern.exec(mail.text ?? "")?.[1];
			if (link && to.some((a) => a.address === email)) return link;
		}
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	throw new Error(`no /${kind}/ link mailed to ${email} within 20 s`);
}
