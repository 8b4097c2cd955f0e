import { useT } from "#app/i18n/i18n.ts";
import { Notice } from "./notice.tsx";

/** The one-time invitation link, shown to the administrator once, right after inviting. */
export function InvitationLinkNotice({ message, link }: { message: string; link: string }) {
	const t = useT();
	return (
		<Notice tone="success">
			<p>{message}</p>
			<div className="mt-2">
				<p className="font-medium">{t("people.inviteLinkHeading")}</p>
				<p>{t("people.inviteLinkText")}</p>
				<input
					readOnly
					value={link}
					aria-label={t("people.inviteLinkHeading")}
					className="mt-1 w-full rounded border border-green-400 bg-white px-2 py-1 font-mono text-xs"
				/>
			</div>
		</Notice>
	);
}
