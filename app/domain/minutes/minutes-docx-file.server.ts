import type { Kysely } from "kysely";
import type { Actor } from "#app/domain/actor.ts";
import type { Database } from "#db/schema.ts";
import { readMinutesContent } from "./minutes-content.server.ts";
import { minutesDocx } from "./minutes-docx.ts";
import { minutesOfd } from "./ofd-package.server.ts";
import { officialMinutes } from "./official-minutes.ts";

/** A minutes file and its name; null when the meeting has no minutes the actor may read. */
type MinutesFile = { bytes: Uint8Array; fileName: string } | null;

/** The minutes (issued, or the current draft marked as such) as an official-format .docx. */
export async function minutesDocxFile(db: Kysely<Database>, actor: Actor, meetingId: string): Promise<MinutesFile> {
	const read = await readMinutesContent(db, actor, meetingId);
	if (!read) return null;
	return { bytes: await minutesDocx(read.content), fileName: `${read.fileNames.docx}.docx` };
}

/** The same minutes as OFD (GB/T 33190), laid out per GB/T 9704 (ADR 0016). */
export async function minutesOfdFile(
	db: Kysely<Database>,
	actor: Actor,
	meetingId: string,
	options: { embedFonts: boolean; today: string },
): Promise<MinutesFile> {
	const read = await readMinutesContent(db, actor, meetingId);
	if (!read) return null;
	const bytes = await minutesOfd(officialMinutes(read.content), {
		author: read.content.office,
		createdOn: read.content.issuedOn ?? options.today,
		embedFonts: options.embedFonts,
	});
	return { bytes, fileName: `${read.fileNames.ofd}.ofd` };
}
