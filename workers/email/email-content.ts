import { notificationSentence } from "#app/domain/notifications/notification-sentence.ts";
import { type Lang, type MessageKey, translator } from "#app/i18n/i18n.ts";
import type { EmailCategory } from "#db/schema.ts";

/** Which setting turns a notification's email off (users.email_off); in-app ones always arrive. */
export function emailCategoryOf(kind: string): EmailCategory {
	const head = kind.split(".")[0];
	if (head === "meeting" || head === "topic" || head === "opinion") return "meetings";
	if (head === "minutes") return "minutes";
	// Report requests (issue #22) are the supervision of the units below, like decided matters.
	if (head === "matter" || head === "report") return "matters";
	if (head === "reminder") return "reminders";
	if (head === "digest") return "digest";
	return "account";
}

interface NotificationEmailInput {
	lang: Lang;
	recipientName: string;
	unitName: string;
	kind: string;
	params: Record<string, string | number>;
	/** Absolute address of the page that needs the reader. */
	url: string;
	settingsUrl: string;
}

export interface EmailContent {
	subject: string;
	text: string;
	html: string;
}

/** Text placed in an email's HTML. */
export const escapeHtml = (value: string) =>
	value.replace(
		/[&<>"']/g,
		(c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string,
	);

/**
 * A notification as an email in the reader's language: the same sentence as in the notification
 * menu, the unit, one link to the page that needs them, plain text and HTML. Nothing secret: no
 * token, no password link, only what the reader sees in the app after signing in.
 */
export function notificationEmail(input: NotificationEmailInput): EmailContent {
	const t = translator(input.lang);
	const line = notificationSentence(t, input.kind, input.params);
	// The words given with the act (意见 or 理由) travel to the other side with it.
	const words = input.params.comment ? t("decision.commentLine", { comment: String(input.params.comment) }) : null;
	const lagging = input.kind === "digest.lagging" ? laggingLines(input, t) : [];
	const subject = `${t("email.subjectPrefix")}${line}`.slice(0, 180);
	const text = [
		t("email.greeting", { name: input.recipientName }),
		"",
		line,
		...(words ? [words] : []),
		t("email.unit", { unit: input.unitName }),
		...(lagging.length > 0 ? ["", t("email.lagging"), ...lagging.map((l) => `- ${l}`)] : []),
		"",
		`${t("email.linkLabel")}${input.url}`,
		"",
		"--",
		t("email.footer"),
		t("email.settings", { url: input.settingsUrl }),
		"",
	].join("\n");
	const list =
		lagging.length > 0
			? `<p>${escapeHtml(t("email.lagging"))}</p><ul>${lagging.map((l) => `<li>${escapeHtml(l)}</li>`).join("")}</ul>`
			: "";
	const html = `<!doctype html><html lang="${input.lang}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family: sans-serif; color: #1f2937; line-height: 1.6">
<p>${escapeHtml(t("email.greeting", { name: input.recipientName }))}</p>
<p><strong>${escapeHtml(line)}</strong></p>
${words ? `<p>${escapeHtml(words)}</p>` : ""}
<p>${escapeHtml(t("email.unit", { unit: input.unitName }))}</p>
${list}
<p><a href="${escapeHtml(input.url)}" style="display: inline-block; padding: 6px 14px; background: #1d4ed8; color: #ffffff; text-decoration: none; border-radius: 4px">${escapeHtml(t("email.open"))}</a></p>
<p style="font-size: 12px; color: #6b7280">${escapeHtml(t("email.footer"))}<br>${escapeHtml(t("email.settings", { url: input.settingsUrl }))}</p>
</body></html>`;
	return { subject, text, html };
}

function laggingLines(input: NotificationEmailInput, t: ReturnType<typeof translator>): string[] {
	try {
		const rows = JSON.parse(String(input.params.lines ?? "[]")) as [string, string][];
		const sep = input.lang === "zh-CN" ? "：" : ": ";
		const join = input.lang === "zh-CN" ? "；" : "; ";
		return rows.map(
			([name, reasons]) =>
				`${name}${sep}${reasons
					.split(",")
					.filter(Boolean)
					.map((r) => t(`digest.reason.${r}` as MessageKey))
					.join(join)}`,
		);
	} catch {
		return [];
	}
}
