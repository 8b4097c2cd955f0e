import { data, type RouterContextProvider } from "react-router";
import { type StoredUpload, storeUploads } from "#app/domain/files/stored-upload.ts";
import { readFilledTemplate, TemplateRefusal } from "#app/domain/report-requests/report-excel.server.ts";
import {
	type FieldProblem,
	type FileValue,
	parseSubmissionForm,
	type ReportField,
	type ReportValues,
	type SubmissionCheck,
} from "#app/domain/report-requests/report-fields.ts";
import { reportFillers } from "#app/domain/report-requests/report-roles.ts";
import { askReportApproval, saveReportDraft } from "#app/domain/report-requests/report-submission-actions.server.ts";
import type { MessageKey } from "#app/i18n/i18n.ts";
import { servicesContext } from "#app/lib/app-context.server.ts";
import { caseOptions, requireAnyRole } from "#app/lib/guards.server.ts";
import { inlineRefusal } from "#app/lib/refusal.server.ts";
import { writeOnce } from "#app/lib/write-once.server.ts";

/** The writes of the fill page that carry the form itself: save, submit for approval, Excel import, documents. */
const fillWriteIntents = ["save", "ask_approval", "import", "upload", "remove_document"] as const;
type FillWriteIntent = (typeof fillWriteIntents)[number];
export const isFillWrite = (intent: unknown): intent is FillWriteIntent =>
	typeof intent === "string" && (fillWriteIntents as readonly string[]).includes(intent);

/** What the page shows after one of them: the message, the problems at each field, what was typed. */
interface FillOutcome {
	intent: FillWriteIntent;
	done: { key: MessageKey; params?: Record<string, string | number> } | null;
	formError: string | null;
	/** Per field key: a hard problem (blocks) … */
	errors: Record<string, FieldProblem>;
	/** … and a 核实性 warning that needs an explanation. */
	warnings: Record<string, FieldProblem>;
	/** What was typed, by input name (`value.<key>`, `explain.<key>`), given back after a refusal. */
	raw: Record<string, string> | null;
	/** The Excel import's problems, one per cell ("C5：须为整数"). */
	cellErrors: { cell: string; problem: FieldProblem }[];
}

type UploadRefusal = Extract<Awaited<ReturnType<typeof storeUploads>>, { ok: false }>["error"];

/** Why an upload was refused, in this page's words: a report's documents may be Excel workbooks too. */
const uploadReasons = {
	"systems.error.fileMissing": "systems.error.fileMissing",
	"systems.error.fileTooLarge": "systems.error.fileTooLarge",
	"systems.error.fileType": "reportRequests.fill.fileType",
	"systems.error.fileNameMismatch": "systems.error.fileNameMismatch",
} as const satisfies Record<UploadRefusal, MessageKey>;

/** "文件“台账.docx”未上传：文件扩展名与文件内容不符。" (the reason is translated where it is shown). */
const refusedFile = (name: string, reason: UploadRefusal) =>
	`reportRequests.fill.fileRefused#${JSON.stringify({ name: name.slice(-100), reason: [uploadReasons[reason]] })}`;

const empty = (intent: FillWriteIntent): FillOutcome => ({
	intent,
	done: null,
	formError: null,
	errors: {},
	warnings: {},
	raw: null,
	cellErrors: [],
});

/**
 * One write of the receiving unit's staff (issue #22 §2), refused before anything is read unless
 * the person fills in for the unit. Each write happens once per one-time key (a double click saves
 * once; a second 提交审核 gets the first one's answer).
 */
export async function performFillWrite(
	context: Readonly<RouterContextProvider>,
	form: FormData,
	intent: FillWriteIntent,
	request: { id: string; kind: "form" | "documents"; fields: readonly ReportField[]; current: ReportValues | null },
): Promise<FillOutcome> {
	requireAnyRole(context, reportFillers);
	// Documents are uploaded to a documents request only, a workbook imported into a form only.
	const documentsOnly = intent === "upload" || intent === "remove_document";
	if ((documentsOnly && request.kind !== "documents") || (intent === "import" && request.kind !== "form"))
		throw data(null, { status: 400 });
	const options = caseOptions(context);
	const { files } = context.get(servicesContext);
	const outcome = empty(intent);

	let values: ReportValues = {};
	let explanations: Record<string, string> = {};
	const uploads: { fieldKey: string; upload: StoredUpload }[] = [];
	const removed: string[] = [];

	if (intent === "import") {
		const file = form.get("workbook");
		if (!(file instanceof File) || file.size === 0)
			return { ...outcome, formError: "reportRequests.fill.importMissing" };
		let read: Awaited<ReturnType<typeof readFilledTemplate>>;
		try {
			read = await readFilledTemplate(new Uint8Array(await file.arrayBuffer()), request.fields);
		} catch (error) {
			if (error instanceof TemplateRefusal) return { ...outcome, formError: error.messageKey };
			throw error;
		}
		if (read.errors.length > 0)
			return { ...outcome, cellErrors: read.errors.map((e) => ({ cell: e.cell, problem: e.problem })) };
		// The files of file fields are not in a workbook: the draft's stay.
		values = { ...read.values };
		for (const field of request.fields)
			if (field.type === "file") values[field.key] = request.current?.[field.key] ?? null;
		explanations = read.explanations;
	} else if (intent === "remove_document") {
		// A document uploaded by mistake leaves the draft (the unit's own file row stays, unlinked).
		const fileId = form.get("fileId");
		if (typeof fileId !== "string" || !/^[0-9a-f-]{36}$/.test(fileId)) throw data(null, { status: 400 });
		removed.push(fileId);
	} else if (intent === "upload") {
		const chosen = form.getAll("document").filter((f): f is File => f instanceof File && f.size > 0);
		if (chosen.length === 0) return { ...outcome, formError: "reportRequests.fill.uploadMissing" };
		if (chosen.length > 20) return { ...outcome, formError: "form.error.tooMany#20" };
		const stored = await storeUploads(chosen, files, { spreadsheets: true });
		// Nothing is stored when one file is refused; the message names that file.
		if (!stored.ok) return { ...outcome, formError: refusedFile(stored.name, stored.error) };
		for (const upload of stored.uploads) uploads.push({ fieldKey: "", upload });
	} else {
		const raw: Record<string, string> = {};
		const params = new URLSearchParams();
		for (const [name, value] of form.entries()) {
			if (typeof value !== "string") continue;
			params.append(name, value);
			if (name.startsWith("value.") || name.startsWith("explain.")) raw[name] = value;
		}
		// A file field is uploaded with the save (`file.<key>`).
		for (const field of request.fields) {
			if (field.type !== "file") continue;
			const chosen = form.getAll(`file.${field.key}`).filter((f): f is File => f instanceof File && f.size > 0);
			if (chosen.length === 0) continue;
			// One file per field: more (a crafted post) is refused at the field, not cut to the first.
			if (chosen.length > 1)
				return {
					...outcome,
					raw,
					errors: { [field.key]: { code: "file", message: "form.error.tooMany", params: { max: 1 } } },
				};
			const stored = await storeUploads(chosen, files, { spreadsheets: true });
			if (!stored.ok)
				return { ...outcome, raw, errors: { [field.key]: { code: "file", message: uploadReasons[stored.error] } } };
			for (const upload of stored.uploads) uploads.push({ fieldKey: field.key, upload });
		}
		// A file field not chosen again keeps the draft's file; a new one is recorded with the save.
		const kept: Record<string, FileValue> = {};
		for (const field of request.fields) {
			const earlier = request.current?.[field.key];
			if (
				field.type === "file" &&
				typeof earlier === "object" &&
				earlier !== null &&
				!uploads.some((u) => u.fieldKey === field.key)
			)
				kept[field.key] = earlier;
		}
		const parsed = parseSubmissionForm([...request.fields], params, kept);
		if (Object.keys(parsed.errors).length > 0) return { ...outcome, raw, errors: parsed.errors };
		values = parsed.values;
		explanations = parsed.explanations;
		outcome.raw = raw;
	}

	return writeOnce(
		form,
		async (): Promise<FillOutcome> => {
			let check: SubmissionCheck;
			try {
				const saved = await saveReportDraft(options, request.id, { values, explanations }, uploads, removed);
				check = saved.check;
			} catch (error) {
				return { ...outcome, formError: inlineRefusal(error) };
			}
			const shown = { ...outcome, errors: check.errors, warnings: check.warnings };
			if (intent === "ask_approval") {
				if (!check.ok)
					return {
						...shown,
						// A documents request has no fields to mark: what is missing is a document.
						formError:
							request.kind === "documents" ? "reportRequests.fill.noDocuments" : "reportRequests.fill.notReady",
					};
				try {
					await askReportApproval(options, request.id);
				} catch (error) {
					return { ...shown, formError: inlineRefusal(error) };
				}
				return { ...shown, raw: null, done: { key: "reportRequests.fill.submitted" } };
			}
			const key =
				intent === "import"
					? "reportRequests.fill.imported"
					: intent === "upload"
						? "reportRequests.fill.uploaded"
						: intent === "remove_document"
							? "reportRequests.fill.documentRemoved"
							: "reportRequests.fill.saved";
			return { ...shown, raw: null, done: { key } };
		},
		{
			succeeded: (o) => o.done !== null,
			inWords: (key) => ({ ...outcome, formError: key }),
		},
	);
}
