import type { Transaction } from "kysely";
import type { Database } from "../schema.ts";
import { demoEmail } from "./demo-tenants.ts";

type Tx = Transaction<Database>;

/**
 * O7 on the public page: the city opted in and published its 2024 meeting (held 2024-10-25, minutes
 * issued and publicised 2024-11-05) with the union chair's and the liaison vice-head's agreement in
 * the days after. Idempotent: a unit that already has a page setting or a release is left alone.
 */
export async function seedPublicResults(tx: Tx): Promise<number> {
	const city = await tx.selectFrom("tenants").select("id").where("slug", "=", "smx").executeTakeFirstOrThrow();
	const user = async (role: "admin" | "union_chair" | "gov_liaison") =>
		(await tx.selectFrom("users").select("id").where("email", "=", demoEmail(role, "smx")).executeTakeFirstOrThrow())
			.id;
	let added = 0;
	const page = await tx
		.insertInto("public_pages")
		.values({
			tenant_id: city.id,
			enabled: true,
			changed_by: await user("admin"),
			changed_at: new Date("2024-11-06T09:00:00+08:00"),
		})
		.onConflict((oc) => oc.column("tenant_id").doNothing())
		.returning("tenant_id")
		.executeTakeFirst();
	if (page) added++;
	const meeting = await tx
		.selectFrom("meetings")
		.select("id")
		.where("tenant_id", "=", city.id)
		.where("year", "=", 2024)
		.where("kind", "=", "regular")
		.where("held_on", "is not", null)
		.executeTakeFirst();
	if (!meeting) return added;
	const released = await tx
		.selectFrom("public_releases")
		.select("id")
		.where("tenant_id", "=", city.id)
		.where("meeting_id", "=", meeting.id)
		.executeTakeFirst();
	if (released) return added;
	const governmentAgreedAt = new Date("2024-11-07T10:30:00+08:00");
	await tx
		.insertInto("public_releases")
		.values({
			tenant_id: city.id,
			meeting_id: meeting.id,
			union_agreed_by: await user("union_chair"),
			union_agreed_at: new Date("2024-11-06T15:00:00+08:00"),
			government_agreed_by: await user("gov_liaison"),
			government_agreed_at: governmentAgreedAt,
			published_at: governmentAgreedAt,
			created_at: new Date("2024-11-06T15:00:00+08:00"),
		})
		.execute();
	return added + 1;
}
