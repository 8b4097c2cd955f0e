import { notificationSentence } from "#app/domain/notifications/notification-sentence.ts";
import { type Lang, translator } from "#app/i18n/i18n.ts";
import type { RobotMessage } from "./robot-messages.ts";

/**
 * A notification as a group message, in the unit's language: the same sentence as the in-app
 * notification (names and titles only), the unit, the due date when the notice has one, the words
 * given with the act, and one link to the page (PUBLIC_URL + the notification's link).
 */
export function notificationRobotMessage(input: {
	lang: Lang;
	unitName: string;
	kind: string;
	params: Record<string, string | number>;
	url: string;
}): RobotMessage {
	const t = translator(input.lang);
	const lines: string[] = [];
	if (input.params.comment) lines.push(t("decision.commentLine", { comment: String(input.params.comment) }));
	return {
		unitName: t("email.unit", { unit: input.unitName }),
		title: notificationSentence(t, input.kind, input.params),
		lines,
		dueText: input.params.due ? t("imRobot.message.due", { due: String(input.params.due) }) : null,
		link: input.url,
		linkText: t("imRobot.message.linkText"),
		moreText: t("imRobot.message.more"),
		lang: input.lang,
	};
}

/** The fixed message of a test-send. */
function testRobotMessage(input: { lang: Lang; unitName: string; url: string }): RobotMessage {
	const t = translator(input.lang);
	return {
		unitName: t("email.unit", { unit: input.unitName }),
		title: t("imRobot.message.testTitle"),
		lines: [t("imRobot.message.testLine", { unit: input.unitName })],
		dueText: null,
		link: input.url,
		linkText: t("imRobot.message.linkText"),
		moreText: t("imRobot.message.more"),
		lang: input.lang,
	};
}

/** The test-send's message, as the page calls it: (language, unit name, PUBLIC_URL). */
export function testMessage(lang: Lang, unitName: string, publicUrl: string): RobotMessage {
	return testRobotMessage({ lang, unitName, url: publicUrl });
}
