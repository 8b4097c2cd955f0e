import { formatFieldValue, type ReportField, type ReportValues } from "#app/domain/report-requests/report-fields.ts";
import { usePunctuation, useT } from "#app/i18n/i18n.ts";
import { StatusTag } from "../status-tag.tsx";

/**
 * A reported version's values, one field per row (a definition list, so a phone reads it without
 * sideways scrolling); beside each, the value of the version that was returned when it differs,
 * the 核实性 explanation, and the reviewer's comment where one was given.
 */
export function SubmissionValues({
	slug,
	fields,
	values,
	explanations,
	previous,
	comments,
}: {
	slug: string;
	fields: readonly ReportField[];
	values: ReportValues;
	explanations: Record<string, string>;
	/** The version returned before this one (the resubmission's diff), or null. */
	previous: ReportValues | null;
	comments?: Record<string, string> | null;
}) {
	const t = useT();
	const p = usePunctuation();
	const shown = (field: ReportField, from: ReportValues) => {
		const value = from[field.key];
		if (field.type === "file" && typeof value === "object" && value !== null) {
			return (
				<a
					href={`/t/${slug}/files/${value.fileId}/${encodeURIComponent(value.name)}`}
					className="text-blue-800 underline underline-offset-2"
					download
				>
					{value.name}
				</a>
			);
		}
		return formatFieldValue(field, value ?? null, t) || t("reportRequests.submission.empty");
	};
	return (
		<dl className="divide-y divide-slate-100 rounded border border-slate-200 bg-white">
			{fields.map((field) => {
				const changed =
					previous !== null &&
					formatFieldValue(field, previous[field.key] ?? null, t) !==
						formatFieldValue(field, values[field.key] ?? null, t);
				return (
					<div key={field.key} className="grid gap-1 px-3 py-2 text-sm sm:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
						<dt className="text-slate-700">{field.label}</dt>
						<dd className="space-y-1">
							<div className="flex flex-wrap items-center gap-2">
								<span className="font-medium">{shown(field, values)}</span>
								{changed ? <StatusTag tone="warn">{t("reportRequests.submission.changed")}</StatusTag> : null}
							</div>
							{changed && previous ? (
								<p className="text-slate-600">
									{t("reportRequests.submission.previous")}
									{p.colon}
									<del>{shown(field, previous)}</del>
								</p>
							) : null}
							{explanations[field.key] ? (
								<p className="text-slate-700">
									{t("reportRequests.submission.explanation")}
									{p.colon}
									{explanations[field.key]}
								</p>
							) : null}
							{comments?.[field.key] ? (
								<p className="text-amber-900">
									{t("reportRequests.fill.fieldComment", { comment: comments[field.key] ?? "" })}
								</p>
							) : null}
						</dd>
					</div>
				);
			})}
		</dl>
	);
}
