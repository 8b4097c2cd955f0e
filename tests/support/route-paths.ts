import { sql } from "kysely";
import routes from "#app/routes.ts";
import type { DatabaseHandle } from "#db/client.ts";

type RouteEntry = { path?: string; children?: RouteEntry[] };

function paths(entries: RouteEntry[], prefix = ""): string[] {
	return entries.flatMap((entry) => {
		const here = entry.path ? `${prefix}/${entry.path}` : prefix || "/";
		return [here, ...paths(entry.children ?? [], entry.path ? `${prefix}/${entry.path}` : prefix)];
	});
}

/** Every URL pattern of the app, from app/routes.ts itself: a new route cannot be left out of a test. */
export const routePatterns = (): string[] => [...new Set(paths(routes as RouteEntry[]))];

/** The patterns under `/t/:slug`: the pages of one unit. */
export const tenantRoutePatterns = () => routePatterns().filter((p) => p.startsWith("/t/:slug"));

const missing = "00000000-0000-4000-8000-000000000000";

/** Real ids of one unit's rows, by the route parameter that names them, so routes reach their code. */
export async function routeIdsOf(db: DatabaseHandle, slug: string): Promise<Record<string, string>> {
	const { id: tenantId } = await db.owner
		.selectFrom("tenants")
		.select("id")
		.where("slug", "=", slug)
		.executeTakeFirstOrThrow();
	const first = async (table: string) =>
		(
			await sql<{ id: string }>`select id::text from ${sql.table(table)} where tenant_id = ${tenantId}
				order by id limit 1`.execute(db.owner)
		).rows[0]?.id ?? missing;
	const member = await db.owner
		.selectFrom("memberships")
		.select("user_id")
		.where("tenant_id", "=", tenantId)
		.executeTakeFirstOrThrow();
	const child = await db.owner.selectFrom("tenants").select("id").where("parent_id", "=", tenantId).executeTakeFirst();
	return {
		slug,
		tenantId,
		meetingId: await first("meetings"),
		matterId: await first("decided_matters"),
		departmentId: await first("departments"),
		fileId: await first("files"),
		userId: member.user_id,
		unitId: child?.id ?? tenantId,
		fileName: "x.pdf",
		token: `${"a".repeat(32)}.${"b".repeat(32)}`,
	};
}

/** A pattern with its parameters filled in from `ids` ("x" where there is none). */
export const fillRoute = (pattern: string, ids: Record<string, string>) =>
	pattern.replace(/:(\w+)/g, (_, name: string) => ids[name] ?? "x");
