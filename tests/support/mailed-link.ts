import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { type ParsedMail, simpleParser } from "mailparser";
import { inject } from "vitest";

type LinkKind = "invite" | "set-password";

/** The .eml files of a mail folder written at or after `after` (ms), parsed, oldest first by write time. */
export async function mailsIn(dir: string, after = 0): Promise<ParsedMail[]> {
	let names: string[];
	try {
		names = readdirSync(dir).filter((n) => n.endsWith(".eml"));
	} catch {
		return [];
	}
	// By when each file was written: the Date header counts whole seconds.
	const files = names
		.map((n) => ({ file: path.join(dir, n), at: statSync(path.join(dir, n)).mtimeMs }))
		.filter((f) => f.at >= after)
		.sort((a, b) => a.at - b.at);
	return Promise.all(files.map(async (f) => simpleParser(readFileSync(f.file))));
}

export function addressesOf(mail: ParsedMail): string[] {
	const to = Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : [];
	return to.flatMap((a) => a.value.map((v) => v.address ?? ""));
}

/** The path of a one-time link in a mail's text (`/invite/<token>`), whatever the address it starts with. */
export function linkPathIn(mail: ParsedMail, kind: LinkKind): string | undefined {
	return new RegExp(`https?://[^\\s/]+(/${kind}/[a-z2-7]{32}\\.[a-z2-7]{32})`).exec(mail.text ?? "")?.[1];
}

/**
 * The newest one-time link mailed to `email` (the app's SMTP server keeps each message as .eml): the
 * only place a link exists (ADR 0008). Waits for the app's outbox runner to deliver it.
 */
export async function mailedLink(email: string, kind: LinkKind, after = 0): Promise<string> {
	const dir = inject("mailDir");
	const deadline = Date.now() + 20_000;
	while (Date.now() < deadline) {
		for (const mail of (await mailsIn(dir, after)).reverse()) {
			const link = linkPathIn(mail, kind);
			if (link && addressesOf(mail).includes(email)) return link;
		}
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	throw new Error(`no /${kind}/ link mailed to ${email} within 20 s`);
}
