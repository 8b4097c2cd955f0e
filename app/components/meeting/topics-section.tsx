import { Form } from "react-router";
import { Decision } from "#app/components/decision.tsx";
import { FileLink } from "#app/components/file-link.tsx";
import { StatusTag, type Tone } from "#app/components/status-tag.tsx";
import { type TopicCategory, topicCategories } from "#app/domain/meetings/topic-rules.ts";
import { usePunctuation, useT } from "#app/i18n/i18n.ts";
import {
	Field,
	inputClass,
	primaryButton,
	type Refill,
	refillError,
	refillValue,
	Section,
	smallButton,
} from "./ui.tsx";

type Topic = {
	id: string;
	category: number;
	title: string;
	background: string;
	research: string;
	suggestions: string;
	status: "proposed" | "agreed" | "returned" | "withdrawn";
	returnComment: string | null;
	withdrawReason: string | null;
	proposedBy: string | null;
	proposedSide: "gov" | "union" | null;
	agreements: { side: "gov" | "union"; name: string; at: string; comment: string | null }[];
	opinions: {
		id: string;
		department: string;
		dueOn: string;
		answer: string | null;
		answeredBy: string | null;
		late: boolean;
		files: { id: string; name: string }[];
	}[];
	files: { id: string; name: string }[];
};

function Files({ slug, files }: { slug: string; files: { id: string; name: string }[] }) {
	if (files.length === 0) return null;
	return (
		<span className="ml-1 inline-flex flex-wrap gap-2">
			{files.map((f) => (
				<span key={f.id} className="text-xs">
					{f.name} <FileLink slug={slug} fileId={f.id} name={f.name} />
				</span>
			))}
		</span>
	);
}

function AttachmentInput({ refill }: { refill: Refill }) {
	const t = useT();
	return (
		<Field label={t("prep.attachments")} error={refillError(refill, "attachment")}>
			<input
				type="file"
				name="attachment"
				multiple
				accept=".pdf,.docx,.ofd,.png,.jpg,.jpeg"
				className="mt-1 block text-sm"
			/>
		</Field>
	);
}

const tone: Record<Topic["status"], Tone> = { proposed: "warn", agreed: "good", returned: "bad", withdrawn: "neutral" };

/** O2: the opinions asked of departments on a topic and not answered yet, named before agreeing. */
function PendingOpinions({ topic }: { topic: Topic }) {
	const t = useT();
	const pending = topic.opinions.filter((o) => !o.answer);
	if (pending.length === 0) return null;
	return (
		<div className="rounded border border-amber-300 bg-amber-50 p-2">
			<p>{t("topic.pendingOpinions")}</p>
			<ul className="list-disc pl-5">
				{pending.map((o) => (
					<li key={o.id}>
						{o.department}（{t("prep.awaitingAnswer", { due: o.dueOn })}）
					</li>
				))}
			</ul>
		</div>
	);
}

function TopicFields({ refill, topic }: { refill: Refill; topic?: Topic }) {
	const t = useT();
	const value = (key: keyof Topic & string) =>
		refillValue(refill, key) ?? (topic ? String(topic[key] ?? "") : undefined);
	return (
		<div className="grid gap-3 sm:grid-cols-2">
			<Field label={t("prep.category")} error={refillError(refill, "category")}>
				<select name="category" defaultValue={value("category")} className={inputClass}>
					{topicCategories.map((c) => (
						<option key={c} value={c}>
							{c} {t(`topic.category.${c}`)}
						</option>
					))}
				</select>
			</Field>
			<Field label={t("prep.title")} error={refillError(refill, "title")}>
				<input name="title" required maxLength={200} defaultValue={value("title")} className={inputClass} />
			</Field>
			{(["background", "research", "suggestions"] as const).map((key) => (
				<div key={key} className="sm:col-span-2">
					<Field label={t(`prep.${key}`)} error={refillError(refill, key)}>
						<textarea name={key} rows={3} maxLength={4000} defaultValue={value(key)} className={inputClass} />
					</Field>
				</div>
			))}
		</div>
	);
}

export function TopicsSection(props: {
	slug: string;
	topics: Topic[];
	/** `reachable`: an active liaison is bound (O2); the others are marked, and a request to them is refused. */
	departments: { id: string; name: string; reachable: boolean }[];
	can: { propose: boolean; agree: boolean; requestOpinion: boolean };
	/** The sides this person agrees for; the agree button goes once they have all agreed. */
	mySides: ("gov" | "union")[];
	/** The side whose office this person is (union_staff, gov_office), for withdrawing a side's own topics. */
	myOffice: "gov" | "union" | null;
	/** Withdrawals of agreed topics one side has consented to. */
	pendingWithdrawals: { subjectId: string; side: "gov" | "union"; name: string; reason: string | null }[];
	/** The decision the server asked to confirm as a second step (without JavaScript). */
	asking: string | null;
	refill: { intent: string | null; values: Refill };
}) {
	const t = useT();
	const p = usePunctuation();
	const { slug, topics, departments, can, refill, mySides } = props;
	// The departments that can answer come first (directory order within each), so the first choice reaches someone.
	const reachableFirst = [...departments].sort((a, b) => Number(b.reachable) - Number(a.reachable));
	const awaitsMe = (topic: Topic) => mySides.some((side) => !topic.agreements.some((a) => a.side === side));
	const pendingWithdrawal = (topicId: string) => props.pendingWithdrawals.find((c) => c.subjectId === topicId);
	// P, O2: the proposing side's office withdraws a topic not yet agreed; an agreed one takes a leader of each side.
	const mayWithdraw = (topic: Topic) =>
		topic.status === "agreed"
			? can.agree && !mySides.some((side) => pendingWithdrawal(topic.id)?.side === side)
			: topic.status !== "withdrawn" &&
				can.propose &&
				(topic.proposedSide === null || props.myOffice === topic.proposedSide);
	const refillFor = (intent: string) => (refill.intent === intent ? refill.values : null);
	// Forms repeated per topic: only the topic whose form was posted gets its answer back.
	const refillAt = (intent: string, topicId: string): Refill => {
		const answer = refillFor(intent);
		return answer?.initialValue?.topicId === topicId ? answer : null;
	};
	return (
		<Section id="topics" title={t("prep.topics")}>
			{topics.length === 0 ? <p className="text-sm text-slate-600">{t("prep.noTopics")}</p> : null}
			<ol className="space-y-3">
				{topics.map((topic) => (
					<li key={topic.id} className="rounded border border-slate-200 p-3">
						<div className="flex flex-wrap items-center gap-2">
							<span className="text-xs text-slate-600">
								{topic.category} {t(`topic.category.${topic.category as TopicCategory}`)}
							</span>
							<h3 className="font-medium">{topic.title}</h3>
							<StatusTag tone={tone[topic.status]}>{t(`topic.status.${topic.status}`)}</StatusTag>
						</div>
						{topic.proposedBy ? (
							<p className="text-xs text-slate-500">{t("prep.topicBy", { name: topic.proposedBy })}</p>
						) : null}
						<dl className="mt-2 grid gap-1 text-sm sm:grid-cols-[auto_1fr] sm:gap-x-4">
							{(["background", "research", "suggestions"] as const).map((key) =>
								topic[key] ? (
									<div key={key} className="contents">
										<dt className="text-slate-600">{t(`prep.${key}`)}</dt>
										<dd className="whitespace-pre-wrap">{topic[key]}</dd>
									</div>
								) : null,
							)}
						</dl>
						<p className="mt-2 text-sm">
							{(["gov", "union"] as const).map((side) => {
								const a = topic.agreements.find((x) => x.side === side);
								return (
									<span key={side} className="mr-4">
										{t(side === "gov" ? "prep.agreedGov" : "prep.agreedUnion")}
										{p.colon}
										{a ? t("prep.agreedBy", { name: a.name, at: a.at }) : t("prep.awaitingSide")}
										{a?.comment ? (
											<span className="ml-1 text-slate-700">{t("decision.commentLine", { comment: a.comment })}</span>
										) : null}
									</span>
								);
							})}
						</p>
						{topic.files.length > 0 ? (
							<p className="mt-1 text-sm">
								{t("prep.files")}
								{p.colon}
								<Files slug={slug} files={topic.files} />
							</p>
						) : null}
						{topic.returnComment && topic.status === "returned" ? (
							<p className="mt-1 text-sm text-red-800">{t("prep.returnComment", { comment: topic.returnComment })}</p>
						) : null}
						<div className="mt-2">
							<p className="text-sm font-medium">{t("prep.opinions")}</p>
							{topic.opinions.length === 0 ? (
								<p className="text-sm text-slate-600">{t("prep.noOpinions")}</p>
							) : (
								<ul className="text-sm">
									{topic.opinions.map((o) => (
										<li key={o.id} className="py-0.5">
											<span className="font-medium">{o.department}</span>
											{p.colon}
											{o.answer ? (
												<span>
													{o.answer}
													<span className="text-slate-500">
														{p.open}
														{t("prep.answeredBy", { name: o.answeredBy ?? "" })}
														{p.close}
													</span>
												</span>
											) : o.late ? (
												<StatusTag tone="bad">{t("prep.late")}</StatusTag>
											) : (
												<span className="text-slate-600">{t("prep.awaitingAnswer", { due: o.dueOn })}</span>
											)}
										</li>
									))}
								</ul>
							)}
						</div>
						{topic.withdrawReason && topic.status === "withdrawn" ? (
							<p className="mt-1 text-sm text-slate-700">
								{t("topic.withdrawReason", { reason: topic.withdrawReason })}
							</p>
						) : null}
						{pendingWithdrawal(topic.id) ? (
							<p className="mt-1 text-sm text-amber-900">
								{t("topic.withdrawPending", {
									side: t(pendingWithdrawal(topic.id)?.side === "gov" ? "decision.side.gov" : "decision.side.union"),
									name: pendingWithdrawal(topic.id)?.name ?? "",
									reason: pendingWithdrawal(topic.id)?.reason ?? "",
								})}
							</p>
						) : null}
						<div className="mt-2 flex flex-wrap items-end gap-2">
							{can.agree && topic.status === "proposed" && awaitsMe(topic) ? (
								<Decision
									intent="agree_topic"
									askKey={`agree_topic:${topic.id}`}
									hidden={{ topicId: topic.id }}
									label={t("prep.agree")}
									title={`${t("prep.agree")}${p.colon}${topic.title}`}
									words="comment"
									consequence={<PendingOpinions topic={topic} />}
									extra={
										topic.opinions.some((o) => !o.answer) ? (
											<label className="flex items-center gap-2 text-sm">
												<input type="checkbox" name="confirmPending" value="1" required />
												{t("topic.confirmPending")}
											</label>
										) : null
									}
									open={props.asking === `agree_topic:${topic.id}`}
									refill={refillAt("agree_topic", topic.id)}
								/>
							) : null}
							{can.agree && topic.status === "proposed" ? (
								<Decision
									intent="return_topic"
									askKey={`return_topic:${topic.id}`}
									hidden={{ topicId: topic.id }}
									label={t("prep.return")}
									title={`${t("prep.return")}${p.colon}${topic.title}`}
									words="reason"
									field="comment"
									variant="secondary"
									open={props.asking === `return_topic:${topic.id}`}
									refill={refillAt("return_topic", topic.id)}
								/>
							) : null}
							{mayWithdraw(topic) ? (
								<Decision
									intent="withdraw_topic"
									askKey={`withdraw_topic:${topic.id}`}
									hidden={{ topicId: topic.id }}
									label={t("prep.withdraw")}
									title={`${t("prep.withdraw")}${p.colon}${topic.title}`}
									words="reason"
									variant="danger"
									consequence={topic.status === "agreed" ? t("topic.error.withdrawAgreedNeedsLeaders") : undefined}
									open={props.asking === `withdraw_topic:${topic.id}`}
									refill={refillAt("withdraw_topic", topic.id)}
								/>
							) : null}
						</div>
						{can.propose && topic.status === "returned" ? (
							<details className="mt-2">
								<summary className="cursor-pointer text-sm text-blue-800">{t("prep.revise")}</summary>
								<Form method="post" encType="multipart/form-data" className="mt-2 space-y-2">
									<input type="hidden" name="intent" value="revise_topic" />
									<input type="hidden" name="topicId" value={topic.id} />
									<TopicFields refill={refillAt("revise_topic", topic.id)} topic={topic} />
									<AttachmentInput refill={refillAt("revise_topic", topic.id)} />
									<button type="submit" className={smallButton}>
										{t("prep.revise")}
									</button>
								</Form>
							</details>
						) : null}
						{can.requestOpinion && topic.status !== "withdrawn" && departments.length > 0 ? (
							<Form
								method="post"
								aria-label={`${t("prep.requestOpinion")}${p.colon}${topic.title}`}
								className="mt-2 flex flex-wrap items-end gap-2 border-t border-slate-100 pt-2"
							>
								<input type="hidden" name="intent" value="request_opinion" />
								<input type="hidden" name="topicId" value={topic.id} />
								<Field
									label={t("prep.department")}
									error={refillError(refillAt("request_opinion", topic.id), "departmentId")}
								>
									<select name="departmentId" className={inputClass}>
										{reachableFirst.map((d) => (
											<option key={d.id} value={d.id}>
												{d.name}
												{d.reachable ? "" : `${p.open}${t("directory.noLiaison")}${p.close}`}
											</option>
										))}
									</select>
								</Field>
								<Field label={t("prep.dueOn")} error={refillError(refillAt("request_opinion", topic.id), "dueOn")}>
									<input type="date" name="dueOn" required className={inputClass} />
								</Field>
								<Field label={t("prep.note")} error={refillError(refillAt("request_opinion", topic.id), "note")}>
									<input name="note" maxLength={1000} className={inputClass} />
								</Field>
								<button type="submit" className={smallButton}>
									{t("prep.requestOpinion")}
								</button>
							</Form>
						) : null}
					</li>
				))}
			</ol>
			{can.propose ? (
				<details
					open={topics.length === 0 || refill.intent === "propose_topic"}
					className="rounded border border-dashed border-slate-300 p-3"
				>
					<summary className="cursor-pointer text-sm font-medium text-blue-800">{t("prep.propose")}</summary>
					<Form method="post" encType="multipart/form-data" className="mt-3 space-y-3">
						<input type="hidden" name="intent" value="propose_topic" />
						<TopicFields refill={refillFor("propose_topic")} />
						<AttachmentInput refill={refillFor("propose_topic")} />
						<button type="submit" className={primaryButton}>
							{t("prep.propose")}
						</button>
					</Form>
				</details>
			) : null}
		</Section>
	);
}
