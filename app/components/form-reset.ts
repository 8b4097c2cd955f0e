import { useState } from "react";
import { useActionData } from "react-router";

/** What every multi-step page's action answers (`performPostedStep`): the step posted and whether it was done. */
type StepAnswer = { intent?: unknown; done?: unknown } | undefined;

/**
 * A `key` for the form of one step that changes each time that step succeeds, so the form is
 * mounted afresh and shows its empty fields: with JavaScript the browser keeps what was typed in a
 * form that stays on the page, and a second press would post it again. Without JavaScript the
 * answered page is new anyway (the step answers `resetForm`), and the key starts at 0.
 */
export function useResetKey(intent: string): string {
	const answer = useActionData() as StepAnswer;
	const [seen, setSeen] = useState(answer);
	const [count, setCount] = useState(0);
	// A new answer of this step, done: the next render gets a new key (React's "adjust state while rendering").
	if (answer !== seen) {
		setSeen(answer);
		if (answer?.intent === intent && answer.done) setCount(count + 1);
	}
	return `${intent}-${count}`;
}
