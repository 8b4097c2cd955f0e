import type { Kysely } from "kysely";
import type { Actor } from "#app/domain/actor.ts";
import { translator } from "#app/i18n/i18n.ts";
import type { Database } from "#db/schema.ts";
import type { MinutesDocument } from "./minutes-docx.ts";
import { rosterFacts } from "./minutes-docx-roster.ts";
import { minutesNumber, printedNumber } from "./minutes-rules.ts";
import { chineseDate } from "./official-layout.ts";
import { readMinutes } from "./read-minutes.server.ts";

type MinutesPage = NonNullable<Awaited<ReturnType<typeof readMinutes>>>;

/**
 * What the minutes of a meeting say as an official document (issued, or the current draft marked as
 * such), the same for the .docx and the OFD; null when the meeting has no minutes the actor may read.
 */
export async function readMinutesContent(db: Kysely<Database>, actor: Actor, meetingId: string) {
	const page = await readMinutes(db, actor, meetingId);
	return page ? minutesContentOf(page) : null;
}

/**
 * The same from minutes already read (the minutes page has them). The document is in Chinese whatever
 * the interface language: it is the official record.
 */
export function minutesContentOf(page: MinutesPage) {
	const current = page.versions[0];
	if (!page.minutes || !current) return null;
	const t = translator("zh-CN");
	const { minutes, meeting } = page;
	const year = minutes.number_year;
	const seq = minutes.number_seq;
	const issued = minutes.status === "issued" && year !== null && seq !== null;
	const number = issued ? minutesNumber(year, seq) : null;
	const names = new Map(page.departments.map((d) => [d.id, d.name]));
	const title = t("minutes.docx.title", { meeting: meeting.title });
	// 抄送: the departments the decided matters go to (lead and co), once each.
	const copyTo = [
		...new Set(current.matters.flatMap((m) => [m.leadDepartmentId, ...m.coDepartmentIds]).map((id) => names.get(id))),
	].filter((name): name is string => Boolean(name));
	const content: MinutesDocument = {
		number: issued ? printedNumber(year, seq) : null,
		draft: !issued,
		mark: t("minutes.official.mark", { unit: page.tenant.name }),
		office: t("minutes.official.office", { gov: page.tenant.govName }),
		copyTo: copyTo.length > 0 ? copyTo.join("、") : null,
		title,
		facts: [
			{ label: t("minutes.docx.date"), value: meeting.heldOn ?? "—" },
			{ label: t("minutes.docx.place"), value: meeting.place ?? "—" },
			{ label: t("minutes.docx.presided"), value: current.presidedBy || "—" },
			...rosterFacts(page.attendance, {
				attend: t("minutes.docx.attend"),
				leave: t("prep.capacity.leave"),
				sitIn: t("minutes.docx.sitIn"),
				invited: t("minutes.docx.invited"),
			}),
		],
		body: current.body,
		matters: current.matters.map((m) => ({
			content: m.content,
			lead: names.get(m.leadDepartmentId) ?? "",
			co: m.coDepartmentIds.map((id) => names.get(id) ?? ""),
			deadline: m.deadline,
		})),
		labels: {
			facts: t("minutes.docx.facts"),
			body: t("minutes.docx.body"),
			matters: t("minutes.docx.matters"),
			lead: t("minutes.lead"),
			co: t("minutes.docx.co"),
			deadline: t("minutes.deadline"),
			draft: t("minutes.docx.draft"),
		},
		issuedOn: minutes.issued_on,
	};
	const draftName = `${title}（${t("minutes.docx.draft")}）`;
	const issuedOn = t("minutes.official.issuedOn", { date: chineseDate(minutes.issued_on ?? "") });
	/** File names without the extension: the number (the .docx, as before), the number and the 印发 date (OFD). */
	const fileNames = { docx: number ?? draftName, ofd: number ? `${number}（${issuedOn}）` : draftName };
	return {
		content,
		fileNames,
	};
}
