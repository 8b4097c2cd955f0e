import { smallButton } from "#app/components/meeting/ui.tsx";
import { Form } from "#app/components/once-form.tsx";
import { useT } from "#app/i18n/i18n.ts";

/** The Excel way in (issue #22 §2): the request's template to download, and a filled one to import into the draft. */
export function ExcelSection({ base, editable }: { base: string; editable: boolean }) {
	const t = useT();
	return (
		<div className="rounded border border-slate-200 bg-white p-3 text-sm">
			<div className="flex flex-wrap items-end gap-3">
				<a href={`${base}/template.xlsx`} className={smallButton} download>
					{t("reportRequests.fill.template")}
				</a>
				{editable ? (
					<UploadForm
						intent="import"
						name="workbook"
						label={t("reportRequests.fill.import")}
						accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
						submit={t("reportRequests.fill.importSubmit")}
						className="flex flex-wrap items-end gap-2"
					/>
				) : null}
			</div>
		</div>
	);
}

/** A documents request: what this unit has uploaded, and more to upload while it may still change. */
export function DocumentsSection({
	slug,
	files,
	editable,
}: {
	slug: string;
	files: { fileId: string; name: string }[];
	editable: boolean;
}) {
	const t = useT();
	return (
		<section aria-labelledby="rr-documents" className="space-y-2 rounded border border-slate-200 bg-white p-3 text-sm">
			<h2 id="rr-documents" className="font-medium">
				{t("reportRequests.fill.documents")}
			</h2>
			{files.length > 0 ? (
				<ul className="list-inside list-disc">
					{files.map((f) => (
						<li key={f.fileId}>
							<a
								href={`/t/${slug}/files/${f.fileId}/${encodeURIComponent(f.name)}`}
								className="break-all text-blue-800 underline underline-offset-2"
								download
							>
								{f.name}
							</a>
							{editable ? (
								<Form method="post" className="ml-2 inline">
									<input type="hidden" name="intent" value="remove_document" />
									<input type="hidden" name="fileId" value={f.fileId} />
									<button
										type="submit"
										aria-label={t("reportRequests.fill.removeDocumentLabel", { name: f.name })}
										className="text-red-800 underline underline-offset-2 focus-visible:outline-2 focus-visible:outline-blue-700"
									>
										{t("reportRequests.fill.removeDocument")}
									</button>
								</Form>
							) : null}
						</li>
					))}
				</ul>
			) : null}
			{editable ? (
				<UploadForm
					intent="upload"
					name="document"
					multiple
					label={t("reportRequests.fill.documentsHint")}
					accept=".docx,.pdf,.xlsx,.ofd,.png,.jpg,.jpeg"
					submit={t("reportRequests.fill.upload")}
					className="space-y-2"
				/>
			) : null}
		</section>
	);
}

/** A file post to the fill page (an Excel import or documents), labelled by what it takes. */
function UploadForm(props: {
	intent: "import" | "upload";
	name: string;
	label: string;
	accept: string;
	submit: string;
	className: string;
	multiple?: boolean;
}) {
	return (
		<Form method="post" encType="multipart/form-data" className={props.className}>
			<input type="hidden" name="intent" value={props.intent} />
			<label className="block">
				<span className="block text-slate-700">{props.label}</span>
				<input
					type="file"
					name={props.name}
					multiple={props.multiple}
					required
					accept={props.accept}
					className="mt-1 block max-w-full text-sm"
				/>
			</label>
			<button type="submit" className={smallButton}>
				{props.submit}
			</button>
		</Form>
	);
}
