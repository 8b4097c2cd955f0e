import { data } from "react-router";
import { attachmentDisposition } from "#app/domain/files/read-file.server.ts";
import { meetingIcs } from "#app/domain/meetings/calendar.ts";
import { mayDownloadCalendar } from "#app/domain/meetings/meeting-abilities.ts";
import { readMeeting } from "#app/domain/meetings/read-meetings.server.ts";
import { readPreparation } from "#app/domain/meetings/read-preparation.server.ts";
import { servicesContext } from "#app/lib/app-context.server.ts";
import { chinaToday } from "#app/lib/china-time.ts";
import { requirePermission } from "#app/lib/guards.server.ts";
import type { Route } from "./+types/meeting-calendar";

/** The scheduled meeting as an .ics event, for the people on its roster (and the two preparing offices). */
export async function loader({ params, context }: Route.LoaderArgs) {
	const { user, membership } = requirePermission(context, "meetings.read");
	const db = context.get(servicesContext).db.app;
	const actor = { userId: user.id, tenantId: membership.tenant.id };
	const page = await readMeeting(db, actor, params.meetingId);
	if (!page) throw data(null, { status: 404 });
	const { meeting } = page;
	if (!meeting.scheduled_start || !meeting.scheduled_end || meeting.status !== "scheduled")
		throw data(null, { status: 404 });
	const { attendees } = await readPreparation(db, actor, meeting.id, chinaToday());
	const onRoster = attendees.some((a) => a.userId === user.id);
	if (!mayDownloadCalendar(membership.roles, { ...meeting, scheduledStart: meeting.scheduled_start }, onRoster))
		throw data(null, { status: 403 });
	const body = meetingIcs({
		uid: `${meeting.id}@lianxitong`,
		title: meeting.title,
		start: meeting.scheduled_start,
		end: meeting.scheduled_end,
		place: meeting.place ?? "",
		description: page.agenda.map((a) => `${a.number}. ${a.title}`).join("\n"),
	});
	return new Response(body, {
		headers: {
			"Content-Type": "text/calendar; charset=utf-8",
			"Content-Disposition": attachmentDisposition(`${meeting.title}.ics`),
		},
	});
}
