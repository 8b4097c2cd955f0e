import { StatusTag, type Tone } from "#app/components/status-tag.tsx";
import { type TrackerStatus, trackerStatuses } from "#app/domain/report-requests/report-roles.ts";
import { useT } from "#app/i18n/i18n.ts";

const trackerTone: Record<TrackerStatus, Tone> = {
	not_started: "neutral",
	draft: "info",
	pending_approval: "info",
	submitted: "good",
	returned: "warn",
	accepted: "good",
	overdue_missing: "bad",
	overdue_submitted: "warn",
	accepted_late: "warn",
};

/** A status as the page received it (a string in the loader's data), if it is one of the tracker's. */
export const isTrackerStatus = (value: string): value is TrackerStatus =>
	(trackerStatuses as readonly string[]).includes(value);

/** A unit's status on a request, in words (the colour only helps). */
export function TrackerStatusTag({ status }: { status: string }) {
	const t = useT();
	if (!isTrackerStatus(status)) return <StatusTag tone="neutral">{status}</StatusTag>;
	return <StatusTag tone={trackerTone[status]}>{t(`reportRequests.status.${status}`)}</StatusTag>;
}
