import { StatusTag, type Tone } from "#app/components/status-tag.tsx";
import { useT } from "#app/i18n/i18n.ts";

/** The tracker's statuses (issue #22 §3), stored ones and the three derived with the deadline and China today. */
export const trackerStatuses = [
	"not_started",
	"draft",
	"pending_approval",
	"submitted",
	"returned",
	"accepted",
	"overdue_missing",
	"overdue_submitted",
	"accepted_late",
] as const;
type TrackerStatusName = (typeof trackerStatuses)[number];

const trackerTone: Record<TrackerStatusName, Tone> = {
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

const isTrackerStatus = (value: string): value is TrackerStatusName =>
	(trackerStatuses as readonly string[]).includes(value);

/** A unit's status on a request, in words (the colour only helps). */
export function TrackerStatusTag({ status }: { status: string }) {
	const t = useT();
	if (!isTrackerStatus(status)) return <StatusTag tone="neutral">{status}</StatusTag>;
	return <StatusTag tone={trackerTone[status]}>{t(`reportRequests.status.${status}`)}</StatusTag>;
}
