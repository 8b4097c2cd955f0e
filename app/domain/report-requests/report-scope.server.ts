import { sql } from "kysely";
import type { Tx } from "#db/run-as.ts";
import type { ReportScope } from "#db/schema-report-requests.ts";

export interface ScopeUnit {
	unitId: string;
	/** The unit that reviews it: the requester, or (all descendants) its own parent, level by level. */
	reviewerId: string;
	depth: number;
	cascade: boolean;
}

/**
 * The units a request goes to, read inside the requesting unit (the tenants policy shows its
 * subtree only): its direct children, every unit below it (level by level), those below it of the
 * kinds named, or the units picked (each must be below it).
 */
export async function resolveScopeUnits(
	tx: Tx,
	requesterId: string,
	scope: ReportScope,
	scopeKinds: readonly string[] = [],
	unitIds: readonly string[] = [],
): Promise<ScopeUnit[]> {
	const { rows } = await sql<{ id: string; parent_id: string; depth: number }>`
		select t.id, t.parent_id, (nlevel(t.path) - nlevel(me.path))::int as depth
		from tenants t join tenants me on me.id = ${requesterId}::uuid
		where t.path <@ me.path and t.id <> me.id
			and case ${scope}
				when 'children' then t.parent_id = me.id
				when 'descendants' then true
				when 'kind' then t.kind = any (${sql.val([...scopeKinds])}::text[])
				else t.id = any (${sql.val([...unitIds])}::uuid[]) end
		order by t.path`.execute(tx);
	return rows.map((r) => ({
		unitId: r.id,
		reviewerId: scope === "descendants" ? r.parent_id : requesterId,
		depth: Number(r.depth),
		cascade: scope === "descendants",
	}));
}
