import { Link } from "react-router";
import type { ReportField } from "#app/domain/report-requests/report-fields.ts";
import { parsePeriodKey, periodLabel } from "#app/domain/report-requests/report-periods.ts";
import { usePunctuation, useT } from "#app/i18n/i18n.ts";

/** What a request asks, shown above its tracker and its fill form: period, deadline, instructions, files, fields. */
export function RequestFacts({
	slug,
	request,
	showFields = true,
}: {
	slug: string;
	request: {
		title: string;
		requesterName: string;
		instructions: string;
		kind: "form" | "documents";
		periodKey: string;
		dueOn: string;
		recurrence: string;
		matterId: string | null;
		attachments: { fileId: string; name: string }[];
		fields: ReportField[];
	};
	showFields?: boolean;
}) {
	const t = useT();
	const p = usePunctuation();
	const period = parsePeriodKey(request.periodKey);
	return (
		<div className="space-y-3">
			<dl className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
				<dt className="text-slate-600">{t("reportRequests.col.from")}</dt>
				<dd>{request.requesterName}</dd>
				<dt className="text-slate-600">{t("reportRequests.col.period")}</dt>
				<dd>
					{period ? periodLabel(period, t) : request.periodKey}
					{request.recurrence !== "none" ? (
						<span className="ml-2 text-slate-600">
							{p.open}
							{t(`reportRequests.recurrence.${request.recurrence as "year" | "quarter" | "month"}`)}
							{p.close}
						</span>
					) : null}
				</dd>
				<dt className="text-slate-600">{t("reportRequests.col.due")}</dt>
				<dd className="tabular-nums">{request.dueOn}</dd>
				<dt className="text-slate-600">{t("reportRequests.col.kind")}</dt>
				<dd>{t(`reportRequests.kind.${request.kind}`)}</dd>
			</dl>
			{request.instructions ? (
				<div className="rounded border border-slate-200 bg-white p-3 text-sm">
					<h2 className="font-medium">{t("reportRequests.tracker.instructions")}</h2>
					<p className="mt-1 whitespace-pre-line text-slate-800">{request.instructions}</p>
				</div>
			) : null}
			{request.attachments.length > 0 ? (
				<div className="text-sm">
					<h2 className="font-medium">{t("reportRequests.tracker.attachments")}</h2>
					<ul className="mt-1 list-inside list-disc">
						{request.attachments.map((a) => (
							<li key={a.fileId}>
								<a
									href={`/t/${slug}/files/${a.fileId}/${encodeURIComponent(a.name)}`}
									className="text-blue-800 underline underline-offset-2"
									download
								>
									{a.name}
								</a>
							</li>
						))}
					</ul>
				</div>
			) : null}
			{showFields && request.kind === "form" && request.fields.length > 0 ? (
				<details className="text-sm">
					<summary className="cursor-pointer text-blue-800">
						{t("reportRequests.tracker.fields")}
						{p.open}
						{request.fields.length}
						{p.close}
					</summary>
					<ol className="mt-1 list-inside list-decimal space-y-0.5">
						{request.fields.map((f) => (
							<li key={f.key}>
								{f.label}
								<span className="text-slate-600">
									{p.open}
									{t(`reportRequests.fieldType.${f.type}`)}
									{"unit" in f && f.unit ? ` · ${f.unit}` : ""}
									{f.required ? ` · ${t("reportRequests.form.fieldRequired")}` : ""}
									{p.close}
								</span>
							</li>
						))}
					</ol>
				</details>
			) : null}
		</div>
	);
}

/** A link to the decided matter a request supervises (督办), on the requester's own pages. */
export function MatterLink({ slug, matterId }: { slug: string; matterId: string }) {
	const t = useT();
	return (
		<Link to={`/t/${slug}/matters/${matterId}`} className="text-sm text-blue-800 underline underline-offset-2">
			{t("reportRequests.tracker.matter")}
		</Link>
	);
}

/** A closed request, on its tracker and on every unit's page: when it ended, and that it takes no more reports. */
export function ClosedNotice({ at }: { at: string }) {
	const t = useT();
	return (
		<p className="rounded border border-slate-300 bg-slate-100 px-3 py-2 text-sm text-slate-800">
			{t("reportRequests.tracker.closedOn", { at })}
		</p>
	);
}
