import { data } from "react-router";
import { attachmentDisposition } from "#app/domain/files/read-file.server.ts";
import { minutesDocx } from "#app/domain/minutes/minutes-docx.ts";
import { minutesNumber } from "#app/domain/minutes/minutes-rules.ts";
import { readMinutes } from "#app/domain/minutes/read-minutes.server.ts";
import { translator } from "#app/i18n/i18n.ts";
import { servicesContext } from "#app/lib/app-context.server.ts";
import { requirePermission } from "#app/lib/guards.server.ts";
import type { Route } from "./+types/minutes-docx";

/** The minutes (issued, or the current draft marked as such) as an official-format .docx. */
export async function loader({ params, context }: Route.LoaderArgs) {
	const { user, membership } = requirePermission(context, "minutes.read");
	if (!params.fileName.endsWith(".docx")) throw data(null, { status: 404 });
	const page = await readMinutes(
		context.get(servicesContext).db.app,
		{ userId: user.id, tenantId: membership.tenant.id },
		params.meetingId,
	);
	const current = page?.versions[0];
	if (!page?.minutes || !current) throw data(null, { status: 404 });
	// The document is in Chinese whatever the interface language: it is the official record.
	const t = translator("zh-CN");
	const { minutes, meeting } = page;
	const issued = minutes.status === "issued" && minutes.number_year !== null && minutes.number_seq !== null;
	const number = issued ? minutesNumber(minutes.number_year as number, minutes.number_seq as number) : null;
	const names = new Map(page.departments.map((d) => [d.id, d.name]));
	const people = (capacity: string) =>
		page.attendance
			.filter((a) => a.capacity === capacity && a.present)
			.map((a) => a.name)
			.join("、") || "—";
	const bytes = await minutesDocx({
		number,
		draft: !issued,
		issuingBodies: `${page.tenant.govName}　${page.tenant.unionName}`,
		title: t("minutes.docx.title", { meeting: meeting.title }),
		facts: [
			{ label: t("minutes.docx.date"), value: meeting.heldOn ?? "—" },
			{ label: t("minutes.docx.place"), value: meeting.place ?? "—" },
			{ label: t("minutes.docx.presided"), value: current.presidedBy || "—" },
			{ label: t("minutes.docx.attend"), value: people("attend") },
			{ label: t("minutes.docx.sitIn"), value: people("sit_in") },
			{ label: t("minutes.docx.invited"), value: people("invited") },
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
	});
	const fileName = `${number ?? `${t("minutes.docx.title", { meeting: meeting.title })}（${t("minutes.docx.draft")}）`}.docx`;
	return new Response(bytes as Uint8Array<ArrayBuffer>, {
		headers: {
			"Content-Type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
			"Content-Disposition": attachmentDisposition(fileName),
		},
	});
}
