import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface ReceivedMail {
	to: string[];
	from: string;
	messageId: string;
	raw: Buffer;
}

export interface ParsedMail extends ReceivedMail {
	subject: string;
	language: string | undefined;
	text: string;
	html: string;
}

/**
 * A real SMTP server on loopback (the smtp-server package). It behaves as a mail server must: a
 * message counts as received when the server answers 250 to its final dot, and a client that hangs
 * up before that answer has sent nothing. With `dir`, each message is also written as an .eml file.
 */
export async function startSmtpSink(options: { dir?: string } = {}) {
	const received: ReceivedMail[] = [];
	const closed = new Set<string>();
	let seq = 0;
	if (options.dir) mkdirSync(options.dir, { recursive: true });
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ["STARTTLS"],
		logger: false,
		onClose(session) {
			closed.add(session.id);
		},
		onData(stream, session, callback) {
			const chunks: Buffer[] = [];
			stream.on("data", (c: Buffer) => chunks.push(c));
			stream.on("end", () => {
				if (closed.has(session.id)) return callback(new Error("connection closed"));
				const raw = Buffer.concat(chunks);
				const messageId = /^message-id:\s*(<[^>]+>)/im.exec(raw.toString("latin1"))?.[1] ?? "";
				received.push({
					to: session.envelope.rcptTo.map((r) => r.address),
					from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
					messageId,
					raw,
				});
				if (options.dir) writeFileSync(path.join(options.dir, `${Date.now()}-${seq++}.eml`), raw);
				callback();
			});
		},
	});
	// A client killed mid-conversation resets its socket: that is the client's failure, not the test's.
	server.on("error", () => {});
	const port = await new Promise<number>((resolve) => {
		server.listen(0, "127.0.0.1", () => resolve((server.server.address() as { port: number }).port));
	});
	return {
		url: `smtp://127.0.0.1:${port}`,
		received,
		/** Every message received so far, parsed with mailparser. */
		async parsed(): Promise<ParsedMail[]> {
			return Promise.all(
				received.map(async (m) => {
					const mail = await simpleParser(m.raw);
					return {
						...m,
						subject: mail.subject ?? "",
						language: mail.headers.get("content-language")?.toString(),
						text: mail.text ?? "",
						html: typeof mail.html === "string" ? mail.html : "",
					};
				}),
			);
		},
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
