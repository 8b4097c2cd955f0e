import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import nodemailer from "nodemailer";

interface MailMessage {
	to: string;
	subject: string;
	text: string;
	html: string;
	/** Stable per notification: a message sent again after a crash is the same message (ADR 0011). */
	messageId: string;
	lang: string;
}

export interface Mailer {
	/** Where mail goes, for logs and the README: "smtp://host:port" or the .eml folder. */
	readonly describe: string;
	send(message: MailMessage): Promise<void>;
	close(): void;
}

/**
 * Outgoing mail: a real SMTP exchange through nodemailer when SMTP_URL is set; otherwise each message
 * is written as an .eml file under DATA_DIR/mail/ (named by its Message-ID, so a repeat overwrites).
 */
export function createMailer(options: { smtpUrl?: string | undefined; dataDir: string; from: string }): Mailer {
	const headers = (m: MailMessage) => ({
		from: options.from,
		to: m.to,
		subject: m.subject,
		text: m.text,
		html: m.html,
		messageId: m.messageId,
		headers: { "Content-Language": m.lang, "Auto-Submitted": "auto-generated" },
	});
	if (options.smtpUrl) {
		const url = new URL(options.smtpUrl);
		const transport = nodemailer.createTransport({
			host: url.hostname,
			port: Number(url.port || (url.protocol === "smtps:" ? 465 : 25)),
			secure: url.protocol === "smtps:",
			auth: url.username
				? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) }
				: undefined,
			pool: true,
			maxConnections: 2,
			connectionTimeout: 10_000,
			greetingTimeout: 10_000,
			socketTimeout: 30_000,
		});
		return {
			describe: `smtp://${url.host}`,
			async send(m) {
				await transport.sendMail(headers(m));
			},
			close: () => transport.close(),
		};
	}
	const dir = path.resolve(options.dataDir, "mail");
	const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
	return {
		describe: dir,
		async send(m) {
			const info = await transport.sendMail(headers(m));
			await mkdir(dir, { recursive: true });
			const name = `${m.messageId.replace(/[^A-Za-z0-9.@-]/g, "")}.eml`;
			// Written beside, then renamed: a reader never sees half a message.
			const file = path.join(dir, name);
			await writeFile(`${file}.part`, info.message as Buffer);
			await rename(`${file}.part`, file);
		},
		close: () => transport.close(),
	};
}
