import type { MeetingStatus } from "#app/domain/meetings/meeting-rules.ts";
import { useT } from "#app/i18n/i18n.ts";
import { StatusTag, type Tone } from "./status-tag.tsx";

const toneOf: Record<MeetingStatus, Tone> = {
	draft: "neutral",
	requested: "warn",
	accepted: "info",
	preparing: "info",
	scheduled: "info",
	held: "good",
	minutes_review: "good",
	minutes_issued: "good",
	declined: "bad",
	cancelled: "neutral",
};

export function MeetingStatusTag({ status }: { status: MeetingStatus }) {
	const t = useT();
	return <StatusTag tone={toneOf[status]}>{t(`meetings.status.${status}`)}</StatusTag>;
}
