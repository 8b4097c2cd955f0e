import { type Kysely, sql } from "kysely";
import { type Actor, runAs } from "#db/run-as.ts";
import type { Database, MatterStatus, MeetingStatus } from "#db/schema.ts";
import { unitSlugShape } from "../children/child-tenant-schema.ts";
import type { CurrentRelease } from "./release-rules.ts";

const releasableStatuses: MeetingStatus[] = ["held", "minutes_review", "minutes_issued"];

interface BoardRelease extends CurrentRelease {
	unionAgreedAt: Date | null;
	unionAgreedName: string | null;
	governmentAgreedAt: Date | null;
	governmentAgreedName: string | null;
}

/** The members' page: the unit's opt-in and each held meeting with its current release. */
export async function readReleaseBoard(db: Kysely<Database>, actor: Actor & { tenantId: string }) {
	return runAs(db, actor, async (tx) => {
		const page = await tx
			.selectFrom("public_pages")
			.select(["enabled", "changed_at"])
			.where("tenant_id", "=", actor.tenantId)
			.executeTakeFirst();
		const rows = await tx
			.selectFrom("meetings as m")
			.leftJoin("public_releases as r", (join) =>
				join
					.onRef("r.tenant_id", "=", "m.tenant_id")
					.onRef("r.meeting_id", "=", "m.id")
					.on("r.withdrawn_at", "is", null),
			)
			.leftJoin("users as uu", "uu.id", "r.union_agreed_by")
			.leftJoin("users as gu", "gu.id", "r.government_agreed_by")
			.select([
				"m.id",
				"m.title",
				"m.status",
				"m.held_on",
				"r.id as release_id",
				"r.union_agreed_by",
				"r.union_agreed_at",
				"uu.display_name as union_name",
				"r.government_agreed_by",
				"r.government_agreed_at",
				"gu.display_name as government_name",
				"r.published_at",
			])
			.where("m.tenant_id", "=", actor.tenantId)
			.where("m.status", "in", releasableStatuses)
			.orderBy("m.held_on", "desc")
			.orderBy("m.seq", "desc")
			.execute();
		return {
			enabled: page?.enabled ?? false,
			meetings: rows.map((r) => ({
				id: r.id,
				title: r.title,
				status: r.status,
				heldOn: r.held_on,
				release: r.release_id
					? ({
							unionAgreedBy: r.union_agreed_by,
							unionAgreedAt: r.union_agreed_at,
							unionAgreedName: r.union_name,
							governmentAgreedBy: r.government_agreed_by,
							governmentAgreedAt: r.government_agreed_at,
							governmentAgreedName: r.government_name,
							publishedAt: r.published_at,
						} satisfies BoardRelease)
					: null,
			})),
		};
	});
}

interface PublicItem {
	meetingId: string;
	title: string;
	heldOn: string;
	publishedAt: Date;
	publicity: { channel: string; title: string; link: string | null; body: string; publishedOn: string }[];
	matters: { seq: number; content: string; status: MatterStatus; deadline: string }[];
}

interface PublicPageData {
	unit: { name: string; govName: string; unionName: string };
	items: PublicItem[];
	/** The newest change the page shows: the opt-in or the latest release. */
	updatedAt: Date;
}

const asJson = <T>(value: unknown): T => (typeof value === "string" ? JSON.parse(value) : value) as T;

/**
 * What a visitor without an account sees of a unit: null when there is no such unit or it has not
 * opted in (both answer 404). Runs as the app role with no user and no tenant, through the two
 * narrow functions of migration 2026-11-29T0900, which return only published items.
 */
export async function readPublicPage(db: Kysely<Database>, slug: string): Promise<PublicPageData | null> {
	if (!unitSlugShape.test(slug)) return null;
	return runAs(db, { userId: null, tenantId: null }, async (tx) => {
		const { rows: pages } = await sql<{
			tenant_name: string;
			gov_name: string;
			union_name: string;
			changed_at: Date;
		}>`select * from app_public_page(${slug})`.execute(tx);
		const page = pages[0];
		if (!page) return null;
		const { rows } = await sql<{
			meeting_id: string;
			title: string;
			held_on: string;
			published_at: Date;
			publicity: unknown;
			matters: unknown;
		}>`select * from app_public_results(${slug}) order by held_on desc`.execute(tx);
		const items = rows.map((r) => ({
			meetingId: r.meeting_id,
			title: r.title,
			heldOn: r.held_on,
			publishedAt: new Date(r.published_at),
			publicity: asJson<PublicItem["publicity"]>(r.publicity),
			matters: asJson<PublicItem["matters"]>(r.matters),
		}));
		const times = [new Date(page.changed_at), ...items.map((i) => i.publishedAt)].map((d) => d.getTime());
		return {
			unit: { name: page.tenant_name, govName: page.gov_name, unionName: page.union_name },
			items,
			updatedAt: new Date(Math.max(...times)),
		};
	});
}
