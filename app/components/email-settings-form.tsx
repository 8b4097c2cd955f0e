import { Form } from "react-router";
import { type EmailCategory, emailCategories } from "#app/domain/notifications/email-categories.ts";
import type { MessageKey } from "#app/i18n/i18n.ts";
import { useT } from "#app/i18n/i18n.ts";
import { Button } from "./button.tsx";
import { Notice } from "./notice.tsx";

/** `/account#email`: which notifications also come by email; in-app ones always arrive. */
export function EmailSettingsForm({ off, saved }: { off: readonly EmailCategory[]; saved: boolean }) {
	const t = useT();
	return (
		<section id="email" aria-labelledby="account-email" className="mt-10">
			<h2 id="account-email" className="text-lg font-semibold">
				{t("account.email.title")}
			</h2>
			{saved ? (
				<Notice tone="success" className="mt-3">
					{t("account.email.saved")}
				</Notice>
			) : null}
			<Form method="post" className="mt-3 max-w-xl">
				<input type="hidden" name="intent" value="email" />
				<fieldset className="rounded border border-slate-200 bg-white p-3">
					<legend className="px-1 text-sm text-slate-700">{t("account.email.intro")}</legend>
					<div className="grid gap-1">
						{emailCategories.map((category) => (
							<label key={category} className="flex items-center gap-2 py-1 text-sm">
								<input type="checkbox" name="on" value={category} defaultChecked={!off.includes(category)} />
								{t(`account.email.category.${category}` satisfies MessageKey)}
							</label>
						))}
					</div>
				</fieldset>
				<Button type="submit" variant="secondary" className="mt-3">
					{t("account.email.save")}
				</Button>
			</Form>
		</section>
	);
}
