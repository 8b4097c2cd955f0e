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
					<Form method="post" encType="multipart/form-data" className="flex flex-wrap items-end gap-2">
						<input type="hidden" name="intent" value="import" />
						<label className="block">
							<span className="block text-slate-700">{t("reportRequests.fill.import")}</span>
							<input
								type="file"
								name="workbook"
								required
								accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
								className="mt-1 block max-w-full text-sm"
							/>
						</label>
						<button type="submit" className={smallButton}>
							{t("reportRequests.fill.importSubmit")}
						</button>
					</Form>
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
				<Form method="post" encType="multipart/form-data" className="space-y-2">
					<input type="hidden" name="intent" value="upload" />
					<label className="block">
						<span className="block text-slate-700">{t("reportRequests.fill.documentsHint")}</span>
						<input
							type="file"
							name="document"
							multiple
							required
							accept=".docx,.pdf,.xlsx,.ofd,.png,.jpg,.jpeg"
							className="mt-1 block max-w-full text-sm"
						/>
					</label>
					<button type="submit" className={smallButton}>
						{t("reportRequests.fill.upload")}
					</button>
				</Form>
			) : null}
		</section>
	);
}
