import { useT } from "#app/i18n/i18n.ts";

/** A download link to a stored file; a plain link, so the browser saves it without JavaScript. */
export function FileLink({ slug, fileId, name }: { slug: string; fileId: string; name: string }) {
	const t = useT();
	return (
		<a
			href={`/t/${slug}/files/${fileId}/${encodeURIComponent(name)}`}
			className="text-blue-800 underline underline-offset-2"
			download
		>
			{t("systems.download")} <span className="sr-only">{name}</span>
		</a>
	);
}
