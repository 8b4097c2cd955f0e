import { LimitedInput, LimitedTextarea } from "#app/components/form-field.tsx";
import { useResetKey } from "#app/components/form-reset.ts";
import { Form } from "#app/components/once-form.tsx";
import { useT } from "#app/i18n/i18n.ts";
import { Field, inputClass, type Refill, refillError, refillValue, Section, smallButton } from "./ui.tsx";

export function PublicitySection(props: {
	items: { id: string; channel: string; title: string; link: string | null; publishedOn: string }[];
	canRecord: boolean;
	refill: Refill;
}) {
	const t = useT();
	const formKey = useResetKey("publicity");
	return (
		<Section id="publicity" title={t("publicity.title")}>
			{props.items.length === 0 ? <p className="text-sm text-slate-600">{t("publicity.none")}</p> : null}
			<ul className="space-y-1 text-sm">
				{props.items.map((p) => (
					<li key={p.id}>
						<span className="tabular-nums text-slate-600">{p.publishedOn}</span> · {p.channel} ·{" "}
						{p.link ? (
							<a href={p.link} rel="noopener noreferrer" target="_blank" className="text-blue-800 underline">
								{p.title}
							</a>
						) : (
							p.title
						)}
					</li>
				))}
			</ul>
			{props.canRecord ? (
				<Form method="post" key={formKey} className="grid gap-2 sm:grid-cols-2">
					<input type="hidden" name="intent" value="publicity" />
					<Field label={t("publicity.channel")} error={refillError(props.refill, "channel")}>
						<LimitedInput
							name="channel"
							required
							limit={50}
							list="publicity-channels"
							defaultValue={refillValue(props.refill, "channel")}
							className={inputClass}
						/>
					</Field>
					<datalist id="publicity-channels">
						{t("publicity.channels")
							.split(/[、,]\s*/)
							.map((c) => (
								<option key={c} value={c} />
							))}
					</datalist>
					<Field label={t("publicity.date")} error={refillError(props.refill, "publishedOn")}>
						<input
							type="date"
							name="publishedOn"
							required
							defaultValue={refillValue(props.refill, "publishedOn")}
							className={inputClass}
						/>
					</Field>
					<Field label={t("publicity.itemTitle")} error={refillError(props.refill, "title")}>
						<LimitedInput
							name="title"
							required
							limit={200}
							defaultValue={refillValue(props.refill, "title")}
							className={inputClass}
						/>
					</Field>
					<Field label={t("publicity.link")} error={refillError(props.refill, "link")}>
						<LimitedInput
							type="url"
							name="link"
							limit={500}
							defaultValue={refillValue(props.refill, "link")}
							className={inputClass}
						/>
					</Field>
					<div className="sm:col-span-2">
						<Field label={t("publicity.body")} error={refillError(props.refill, "body")}>
							<LimitedTextarea
								name="body"
								rows={2}
								limit={4000}
								defaultValue={refillValue(props.refill, "body")}
								className={inputClass}
							/>
						</Field>
					</div>
					<div>
						<button type="submit" className={smallButton}>
							{t("publicity.add")}
						</button>
					</div>
				</Form>
			) : null}
		</Section>
	);
}
