import type { MeetingStatus } from "./meeting-rules.ts";

/** O2: a department's answer is open while its meeting is being prepared or scheduled. */
export const opinionAnswerableStatuses: readonly MeetingStatus[] = ["accepted", "preparing", "scheduled"];

export const isOpinionOpen = (meetingStatus: MeetingStatus) => opinionAnswerableStatuses.includes(meetingStatus);

/** An opinion request is late once its due day has passed without an answer. */
export const isOpinionLate = (request: { answer: string | null; dueOn: string }, today: string) =>
	request.answer === null && request.dueOn < today;
