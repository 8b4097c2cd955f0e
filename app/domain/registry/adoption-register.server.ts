import { type Kysely, sql } from "kysely";
import { z } from "zod";
import { runAs } from "#db/run-as.ts";
import type { Database, TenantKind } from "#db/schema.ts";

export const registerFilterSchema = z.object({
	kind: z.enum(["county", "zone", "industry"]).optional().catch(undefined),
	status: z.enum(["established", "not_established"]).optional().catch(undefined),
	sort: z.enum(["name", "status", "issued"]).default("name").catch("name"),
	dir: z.enum(["asc", "desc"]).default("asc").catch("asc"),
});

export type RegisterFilter = z.infer<typeof registerFilterSchema>;

/** County-level units (县级单位) are the counties, county-level cities, districts and management committees. */
type CountKey = TenantKind | "all" | "countyLevel";

interface RegisterRow {
	tenantId: string;
	slug: string;
	name: string;
	kind: TenantKind;
	govName: string;
	unionName: string;
	established: boolean;
	docNumber: string | null;
	issuedOn: string | null;
	effectiveOn: string | null;
	versions: number;
	fileId: string | null;
	fileName: string | null;
	lastHeldOn: string | null;
	mattersTotal: number;
	mattersClosed: number;
	mattersOverdue: number;
}

/**
 * W1, the city supervising: every descendant tenant with what it publishes upward (its current
 * system record). Row-level security limits the tenants to the subtree and the systems to those
 * published; nothing else of a child is read. One query, whatever the number of children.
 */
export async function listAdoptionRegister(
	db: Kysely<Database>,
	actor: { userId: string; tenantId: string },
	filter: RegisterFilter,
	today: string,
): Promise<{ rows: RegisterRow[]; counts: Record<CountKey, { total: number; established: number }> }> {
	const all = await runAs(db, actor, async (tx) => {
		const { rows } = await sql<RegisterRow>`
			select t.id as "tenantId", t.slug, t.name, t.kind, t.gov_name as "govName", t.union_name as "unionName",
				cur.id is not null as established,
				cur.doc_number as "docNumber", cur.issued_on as "issuedOn", cur.effective_on as "effectiveOn",
				coalesce(v.n, 0)::int as versions,
				f.id as "fileId", f.original_name as "fileName",
				(select max(m.held_on) from meetings m where m.tenant_id = t.id) as "lastHeldOn",
				coalesce(dm.total, 0)::int as "mattersTotal",
				coalesce(dm.closed, 0)::int as "mattersClosed",
				coalesce(dm.overdue, 0)::int as "mattersOverdue"
			from tenants t
			left join systems cur on cur.tenant_id = t.id and cur.superseded_at is null
			left join files f on f.tenant_id = cur.tenant_id and f.id = cur.file_id
			left join (select tenant_id, count(*) as n from systems group by tenant_id) v on v.tenant_id = t.id
			-- Published upward: the decided matters' status (never their drafts or records).
			left join (
				select tenant_id, count(*) as total,
					count(*) filter (where status = 'verified') as closed,
					count(*) filter (where status in ('assigned', 'in_progress') and deadline < ${today}) as overdue
				from decided_matters group by tenant_id
			) dm on dm.tenant_id = t.id
			-- Descendants only: a member of some other tenant sees that tenant too, but not here.
			where t.id <> ${actor.tenantId}
				and t.path ~ ('*.' || app_ltree_label(${actor.tenantId}) || '.*')::lquery
			order by t.path`.execute(tx);
		return rows;
	});
	const counts = {} as Record<CountKey, { total: number; established: number }>;
	for (const key of ["all", "countyLevel", "city", "county", "zone", "industry"] as const)
		counts[key] = { total: 0, established: 0 };
	for (const row of all) {
		const keys: CountKey[] = [row.kind, "all"];
		if (row.kind === "county" || row.kind === "zone") keys.push("countyLevel");
		for (const key of keys) {
			counts[key].total++;
			if (row.established) counts[key].established++;
		}
	}
	const filtered = all.filter(
		(r) =>
			(!filter.kind || r.kind === filter.kind) &&
			(!filter.status || r.established === (filter.status === "established")),
	);
	const sign = filter.dir === "asc" ? 1 : -1;
	const compare: Record<RegisterFilter["sort"], (a: RegisterRow, b: RegisterRow) => number> = {
		name: (a, b) => a.name.localeCompare(b.name, "zh-CN"),
		status: (a, b) => Number(b.established) - Number(a.established) || a.name.localeCompare(b.name, "zh-CN"),
		issued: (a, b) => (a.issuedOn ?? "9999").localeCompare(b.issuedOn ?? "9999"),
	};
	filtered.sort((a, b) => sign * compare[filter.sort](a, b));
	return { rows: filtered, counts };
}

/** Whole years and months from a date to today, for "time since establishment". */
export function yearsAndMonthsSince(isoDate: string, today: Date): { years: number; months: number } {
	const [y, m, d] = isoDate.split("-").map(Number) as [number, number, number];
	let months = (today.getUTCFullYear() - y) * 12 + (today.getUTCMonth() + 1 - m);
	if (today.getUTCDate() < d) months--;
	months = Math.max(0, months);
	return { years: Math.floor(months / 12), months: months % 12 };
}
