import { useId, useRef } from "react";
import { Link, useLocation } from "react-router";
import { Form } from "#app/components/once-form.tsx";
import { useT } from "#app/i18n/i18n.ts";
import { buttonClass } from "./button.tsx";
import { useErrorText } from "./form-field.tsx";
import { type Refill, refillError, refillValue } from "./meeting/ui.tsx";

/**
 * One decision of a person (同意, 不同意, 退回, 印发, 取消 …) as its own form: the button opens that
 * decision's own dialog, which holds its words — an optional 意见 for a positive act, a required 理由
 * for a negative one, or only a confirmation with the consequence for an irreversible one. No field
 * sits between buttons of different forms, so what a leader types goes with the button they press.
 *
 * Without JavaScript the button posts `ask=1` and the page answers with the same form as a second
 * step (`asking`); after a refusal the form stays open with what was typed and the message.
 */
export interface DecisionProps {
	intent: string;
	/** Tells apart several decisions of one intent on a page (a topic's id). */
	askKey?: string;
	label: string;
	/** The dialog's heading (default: the label). */
	title?: string;
	variant?: "primary" | "secondary" | "danger";
	/** comment: optional 意见; reason: required 理由; confirm: no text, a confirmation only. */
	words: "comment" | "reason" | "confirm";
	/** The posted field's name (comment or reason, as the step's schema names it). */
	field?: string;
	/** What the words are, where "意见" or "理由" alone would not say it (申请延期理由). */
	wordsLabel?: string;
	/** Sent with the decision (the subject's id). */
	hidden?: Record<string, string>;
	/** What pressing it will do: shown above the words (the number 印发 takes, who is told). */
	consequence?: React.ReactNode;
	/** More fields of the decision's own form (a confirmation box), below the words. */
	extra?: React.ReactNode;
	/** The server asked for the second step of this decision, or refused it. */
	open?: boolean;
	refill?: Refill;
	busy?: boolean;
}

const danger =
	"rounded border border-red-400 bg-white px-4 py-2 text-sm text-red-800 hover:bg-red-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700 disabled:opacity-70";
const classOf = { primary: buttonClass.primary, secondary: buttonClass.secondary, danger };

export function Decision(props: DecisionProps) {
	const dialog = useRef<HTMLDialogElement>(null);
	const titleId = useId();
	const askKey = props.askKey ?? props.intent;
	// Asked for without JavaScript, or refused: the form stands in the page with what was typed.
	if (props.open === true || props.refill?.error) return <DecisionStep {...props} />;
	return (
		<>
			<Form method="post">
				<input type="hidden" name="intent" value={props.intent} />
				<input type="hidden" name="ask" value="1" />
				<input type="hidden" name="askKey" value={askKey} />
				{hiddenInputs(props.hidden)}
				<button
					type="submit"
					disabled={props.busy}
					className={classOf[props.variant ?? "primary"]}
					aria-haspopup="dialog"
					onClick={(event) => {
						if (!dialog.current?.showModal) return;
						event.preventDefault();
						dialog.current.showModal();
					}}
				>
					{props.label}
				</button>
			</Form>
			<dialog
				ref={dialog}
				aria-labelledby={titleId}
				className="m-auto w-[min(36rem,calc(100vw-2rem))] rounded border border-slate-300 p-0 shadow-xl backdrop:bg-slate-900/40"
			>
				<DecisionForm {...props} askKey={askKey} titleId={titleId} onCancel={() => dialog.current?.close()} />
			</dialog>
		</>
	);
}

/** The second step without JavaScript: the same form in the page, where the button was pressed. */
function DecisionStep(props: DecisionProps) {
	const titleId = useId();
	return (
		<div className="w-full rounded border border-blue-300 bg-white">
			<DecisionForm {...props} askKey={props.askKey ?? props.intent} titleId={titleId} />
		</div>
	);
}

const fieldOf = (props: DecisionProps) => (props.words === "reason" ? "reason" : "comment");

function DecisionForm(props: DecisionProps & { askKey: string; titleId: string; onCancel?: () => void }) {
	const t = useT();
	const errorText = useErrorText();
	const location = useLocation();
	const fieldId = useId();
	const errorId = useId();
	const field = props.field ?? fieldOf(props);
	const error = refillError(props.refill ?? null, field);
	const formError = props.refill?.error?.[""]?.[0];
	return (
		<Form method="post" className="space-y-3 p-4">
			<h2 id={props.titleId} className="font-medium">
				{props.title ?? props.label}
			</h2>
			<input type="hidden" name="intent" value={props.intent} />
			<input type="hidden" name="askKey" value={props.askKey} />
			{hiddenInputs(props.hidden)}
			{props.consequence ? <div className="text-sm text-slate-800">{props.consequence}</div> : null}
			{props.words === "confirm" ? null : (
				<div className="text-sm">
					<label htmlFor={fieldId} className="block text-slate-700">
						{props.wordsLabel ?? t(props.words === "reason" ? "decision.reason" : "decision.comment")}
					</label>
					<textarea
						id={fieldId}
						name={field}
						rows={3}
						required={props.words === "reason"}
						defaultValue={refillValue(props.refill ?? null, field)}
						aria-invalid={error ? true : undefined}
						aria-describedby={error ? errorId : undefined}
						className="mt-1 block w-full rounded border border-slate-400 bg-white px-2 py-1.5 focus:outline-2 focus:outline-blue-700"
					/>
					{error ? (
						<p id={errorId} className="mt-1 text-red-800">
							{errorText(error)}
						</p>
					) : null}
				</div>
			)}
			{props.extra}
			{formError && !error ? (
				<p role="alert" className="text-sm text-red-800">
					{errorText(formError)}
				</p>
			) : null}
			<div className="flex flex-wrap justify-end gap-2">
				{props.onCancel ? (
					<button type="button" className={buttonClass.secondary} onClick={props.onCancel}>
						{t("decision.cancel")}
					</button>
				) : (
					<Link to={`${location.pathname}${location.search}`} className={buttonClass.secondary}>
						{t("decision.cancel")}
					</Link>
				)}
				<button type="submit" disabled={props.busy} className={classOf[props.variant ?? "primary"]}>
					{t("decision.confirm", { action: props.label })}
				</button>
			</div>
		</Form>
	);
}

function hiddenInputs(hidden: Record<string, string> | undefined) {
	return Object.entries(hidden ?? {}).map(([name, value]) => (
		<input key={name} type="hidden" name={name} value={value} />
	));
}
