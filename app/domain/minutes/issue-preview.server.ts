import type { Kysely } from "kysely";
import type { Actor } from "#app/domain/actor.ts";
import { runAs } from "#db/run-as.ts";
import type { Database, DraftMatter } from "#db/schema.ts";
import { minutesNumber, printedNumber } from "./minutes-rules.ts";

interface IssuePreview {
	/** The number 印发 will take if nobody issues before: the year's next one (gap-free, O5). */
	number: string;
	/** The same number as the 纪要 prints it: 〔2026〕1号. */
	printed: string;
	/** The departments the decided matters go to (lead and co), who are told at issue. */
	departments: string[];
	mattersCount: number;
}

/**
 * What 印发 will do, shown before it is confirmed: the number it takes, the decided matters it creates
 * and the departments they go to. The number is the next one now; if another unit of work issues
 * first, 印发 takes the one after (the counter is locked at issue, never here).
 */
export function readIssuePreview(
	db: Kysely<Database>,
	actor: Actor & { tenantId: string },
	minutesId: string,
	today: string,
): Promise<IssuePreview> {
	const year = Number(today.slice(0, 4));
	return runAs(db, actor, async (tx) => {
		const [counter, minutes] = await Promise.all([
			tx
				.selectFrom("minutes_counters")
				.select("last_seq")
				.where("tenant_id", "=", actor.tenantId)
				.where("year", "=", year)
				.executeTakeFirst(),
			tx
				.selectFrom("minutes as m")
				.innerJoin("minutes_versions as v", (j) =>
					j
						.onRef("v.tenant_id", "=", "m.tenant_id")
						.onRef("v.minutes_id", "=", "m.id")
						.onRef("v.version", "=", "m.current_version"),
				)
				.select("v.matters")
				.where("m.tenant_id", "=", actor.tenantId)
				.where("m.id", "=", minutesId)
				.executeTakeFirst(),
		]);
		const matters = (minutes?.matters ?? []) as DraftMatter[];
		const ids = [...new Set(matters.flatMap((m) => [m.leadDepartmentId, ...(m.coDepartmentIds ?? [])]))];
		const names =
			ids.length === 0
				? []
				: await tx
						.selectFrom("departments")
						.select("name")
						.where("tenant_id", "=", actor.tenantId)
						.where("id", "in", ids)
						.orderBy("name")
						.execute();
		return {
			number: minutesNumber(year, (counter?.last_seq ?? 0) + 1),
			printed: printedNumber(year, (counter?.last_seq ?? 0) + 1),
			departments: names.map((d) => d.name),
			mattersCount: matters.length,
		};
	});
}
