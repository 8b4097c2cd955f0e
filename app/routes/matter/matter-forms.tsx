import { FileLink } from "#app/components/file-link.tsx";
import { LimitedTextarea } from "#app/components/form-field.tsx";
import { useResetKey } from "#app/components/form-reset.ts";
import {
	Field,
	inputClass,
	type Refill,
	refillError,
	refillValue,
	Section,
	smallButton,
} from "#app/components/meeting/ui.tsx";
import { Form } from "#app/components/once-form.tsx";
import { StatusTag } from "#app/components/status-tag.tsx";
import { needsLeadBinding, needsReason } from "#app/domain/matters/matter-rules.ts";
import { usePunctuation, useT } from "#app/i18n/i18n.ts";
import type { MatterUpdateKind } from "#db/schema.ts";
import type { MatterPageAction } from "./steps.server.ts";

type Reply = { text: string; name: string; at: string; late: boolean } | null;
type Update = {
	id: string;
	kind: MatterUpdateKind;
	text: string;
	percent: number | null;
	newDeadline: string | null;
	replyBy: string | null;
	at: string;
	name: string;
	files: { id: string; name: string }[];
	reply: Reply;
	replyOverdue: boolean;
};

/** The steps written as a plain form on the matter page (the decisions have their own dialogs). */
type FormAction = Extract<MatterPageAction, "progress" | "done" | "reminder" | "supervision">;

/**
 * One step of the matter page as its own form, its field named by what it is for (进展情况, 催办内容,
 * 督办要求 with the reply-by day …); a new, empty form once the step is done.
 */
export function StepForm({ action, refill, today }: { action: MatterPageAction; refill: Refill; today: string }) {
	const t = useT();
	const key = useResetKey(action);
	const a = action as FormAction;
	return (
		<Form
			method="post"
			key={key}
			encType={needsLeadBinding(a) ? "multipart/form-data" : undefined}
			aria-label={t(`matters.action.${a}`)}
			className="grid gap-2 rounded border border-slate-200 bg-white p-3 sm:grid-cols-[minmax(0,1fr)_auto] sm:items-end"
		>
			<input type="hidden" name="intent" value={a} />
			<Field label={t(`matters.text.${a}`)} error={refillError(refill, "text")}>
				<LimitedTextarea
					name="text"
					rows={2}
					limit={4000}
					required={needsReason(a)}
					defaultValue={refillValue(refill, "text")}
					className={inputClass}
				/>
			</Field>
			<div className="flex flex-wrap items-end gap-2">
				{a === "progress" ? (
					<Field label={t("matters.percent")} error={refillError(refill, "percent")}>
						<input
							type="number"
							name="percent"
							min={0}
							max={100}
							defaultValue={refillValue(refill, "percent")}
							className={inputClass}
						/>
					</Field>
				) : null}
				{a === "supervision" ? (
					<Field label={t("matters.replyBy")} error={refillError(refill, "replyBy")}>
						<input
							type="date"
							name="replyBy"
							required
							min={today}
							defaultValue={refillValue(refill, "replyBy")}
							className={inputClass}
						/>
					</Field>
				) : null}
				<button type="submit" className={smallButton}>
					{t(`matters.action.${a}`)}
				</button>
			</div>
			{needsLeadBinding(a) ? (
				<div className="sm:col-span-2">
					<Field label={t("prep.attachments")} error={refillError(refill, "attachment")}>
						<input
							type="file"
							name="attachment"
							multiple
							accept=".pdf,.docx,.ofd,.png,.jpg,.jpeg"
							className="mt-1 block text-sm"
						/>
					</Field>
				</div>
			) : null}
		</Form>
	);
}

/** O6: the 督办 waiting for the lead department's written reply, for its liaison to answer each. */
export function SupervisionReplies({ notices, refill }: { notices: Update[]; refill: Refill }) {
	const t = useT();
	const key = useResetKey("reply_supervision");
	return (
		<Section id="replies" title={t("matters.reply.title")}>
			<ul className="space-y-3">
				{notices.map((n) => {
					const mine = refill?.initialValue?.supervisionId === n.id ? refill : null;
					return (
						<li key={n.id} className="rounded border border-slate-200 p-3 text-sm">
							<p className="flex flex-wrap items-center gap-2">
								<span>{t("matters.reply.due", { date: n.replyBy ?? "" })}</span>
								{n.replyOverdue ? <StatusTag tone="bad">{t("matters.reply.overdue")}</StatusTag> : null}
							</p>
							<p className="mt-1 whitespace-pre-wrap">{n.text}</p>
							<p className="text-xs text-slate-600">
								{n.name} · {n.at}
							</p>
							<Form method="post" key={key} className="mt-2 space-y-2">
								<input type="hidden" name="intent" value="reply_supervision" />
								<input type="hidden" name="supervisionId" value={n.id} />
								<Field label={t("matters.reply.field")} error={refillError(mine, "reply")}>
									<LimitedTextarea
										name="reply"
										rows={3}
										required
										limit={4000}
										defaultValue={refillValue(mine, "reply")}
										className={inputClass}
									/>
								</Field>
								<button type="submit" className={smallButton}>
									{t("matters.reply.submit")}
								</button>
							</Form>
						</li>
					);
				})}
			</ul>
		</Section>
	);
}

/** The matter's whole record, newest first; a 督办 with its reply-by day and the department's reply. */
export function MatterRecord({ slug, updates }: { slug: string; updates: Update[] }) {
	const t = useT();
	const p = usePunctuation();
	return (
		<Section id="record" title={t("matters.record")}>
			{updates.length === 0 ? <p className="text-sm text-slate-600">{t("matters.noRecord")}</p> : null}
			<ol className="space-y-2 text-sm">
				{updates.map((u) => (
					<li key={u.id} className="border-l-2 border-slate-300 pl-3">
						<span className="font-medium">{t(`matters.kind.${u.kind}`)}</span>
						<span className="ml-2 text-slate-600">
							{u.name} · {u.at}
						</span>
						{u.percent !== null ? <span className="ml-2">{u.percent}%</span> : null}
						{u.newDeadline ? <span className="ml-2">→ {u.newDeadline}</span> : null}
						{u.text ? <p className="whitespace-pre-wrap">{u.text}</p> : null}
						{u.files.map((f) => (
							<p key={f.id} className="text-xs">
								{f.name} <FileLink slug={slug} fileId={f.id} name={f.name} />
							</p>
						))}
						{u.replyBy ? (
							<div className="mt-1 rounded bg-slate-50 p-2">
								<p className="flex flex-wrap items-center gap-2 text-slate-700">
									{t("matters.reply.due", { date: u.replyBy })}
									{u.replyOverdue ? <StatusTag tone="bad">{t("matters.reply.overdue")}</StatusTag> : null}
									{u.reply?.late ? <StatusTag tone="warn">{t("matters.reply.late")}</StatusTag> : null}
									{!u.reply && !u.replyOverdue ? (
										<StatusTag tone="info">{t("matters.reply.awaiting")}</StatusTag>
									) : null}
								</p>
								{u.reply ? (
									<>
										<p className="mt-1 text-slate-600">
											{t("matters.reply.by", { name: u.reply.name, at: u.reply.at })}
											{p.colon}
										</p>
										<p className="whitespace-pre-wrap">{u.reply.text}</p>
									</>
								) : null}
							</div>
						) : null}
					</li>
				))}
			</ol>
		</Section>
	);
}
