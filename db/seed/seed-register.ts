import type { Transaction } from "kysely";
import type { Database } from "../schema.ts";
import { demoPdf } from "./demo-pdf.ts";
import { cityDepartments, cityLiaisons, demoSystems, systemLeaderRoles } from "./demo-register.ts";
import { demoEmail } from "./demo-tenants.ts";

type Tx = Transaction<Database>;

async function tenantId(tx: Tx, slug: string): Promise<string> {
	return (await tx.selectFrom("tenants").select("id").where("slug", "=", slug).executeTakeFirstOrThrow()).id;
}

async function userId(tx: Tx, email: string): Promise<string> {
	return (await tx.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
}

/** The city's departments and their liaisons; idempotent. */
export async function seedDepartments(tx: Tx, passwordHash: string): Promise<void> {
	const city = await tenantId(tx, "smx");
	for (const [index, d] of cityDepartments.entries()) {
		await tx
			.insertInto("departments")
			.values({ tenant_id: city, name: d.name, side: d.side, category: d.category, sort_order: index * 10 })
			.onConflict((oc) => oc.columns(["tenant_id", "name"]).doNothing())
			.execute();
	}
	for (const liaison of cityLiaisons) {
		if (liaison.displayName) {
			await tx
				.insertInto("users")
				.values({
					email: liaison.email,
					display_name: liaison.displayName,
					password_hash: passwordHash,
					created_in: city,
				})
				.onConflict((oc) => oc.column("email").doNothing())
				.execute();
		}
		const user = await userId(tx, liaison.email);
		await tx
			.insertInto("memberships")
			.values({ tenant_id: city, user_id: user, roles: ["department_liaison"] })
			.onConflict((oc) => oc.columns(["tenant_id", "user_id"]).doNothing())
			.execute();
		const department = await tx
			.selectFrom("departments")
			.select("id")
			.where("tenant_id", "=", city)
			.where("name", "=", liaison.department)
			.executeTakeFirstOrThrow();
		await tx
			.insertInto("department_liaisons")
			.values({ tenant_id: city, department_id: department.id, user_id: user })
			.onConflict((oc) => oc.columns(["tenant_id", "department_id", "user_id"]).doNothing())
			.execute();
	}
}

/**
 * O2, O6: a department is reached through its liaison. Every demo unit whose departments have no
 * liaison at all gets its own `department_liaison@<slug>.demo` bound to each of them; the city keeps
 * its four named liaisons, and its other departments stay unbound, for the administrator's workbench
 * to show. Runs after every seed that adds departments; idempotent.
 */
export async function bindUnitLiaisons(tx: Tx): Promise<number> {
	const units = await tx
		.selectFrom("tenants as t")
		.select(["t.id", "t.slug"])
		.where((eb) => eb.exists(eb.selectFrom("departments as d").select("d.id").whereRef("d.tenant_id", "=", "t.id")))
		.where((eb) =>
			eb.not(
				eb.exists(eb.selectFrom("department_liaisons as l").select("l.user_id").whereRef("l.tenant_id", "=", "t.id")),
			),
		)
		.execute();
	let bound = 0;
	for (const unit of units) {
		const liaison = await tx
			.selectFrom("users as u")
			.innerJoin("memberships as m", "m.user_id", "u.id")
			.select("u.id")
			.where("u.email", "=", demoEmail("department_liaison", unit.slug))
			.where("m.tenant_id", "=", unit.id)
			.executeTakeFirst();
		if (!liaison) continue;
		const departments = await tx
			.selectFrom("departments")
			.select("id")
			.where("tenant_id", "=", unit.id)
			.where("archived_at", "is", null)
			.execute();
		if (departments.length === 0) continue;
		await tx
			.insertInto("department_liaisons")
			.values(departments.map((d) => ({ tenant_id: unit.id, department_id: d.id, user_id: liaison.id })))
			.onConflict((oc) => oc.columns(["tenant_id", "department_id", "user_id"]).doNothing())
			.execute();
		bound += departments.length;
	}
	return bound;
}

/** The system records of the demo tree (with a small PDF each), for tenants that have none yet. */
export async function seedSystems(tx: Tx, files: { put(bytes: Uint8Array): Promise<string> }): Promise<number> {
	let recorded = 0;
	for (const versions of demoSystems) {
		const first = versions[0];
		if (!first) continue;
		const tenant = await tenantId(tx, first.slug);
		const existing = await tx.selectFrom("systems").select("id").where("tenant_id", "=", tenant).executeTakeFirst();
		if (existing) continue;
		const recorder = await userId(tx, demoEmail("gov_office", first.slug));
		for (const [index, version] of versions.entries()) {
			const bytes = demoPdf(["Lianxitong demo document", `Unit: ${first.slug}`, `Issued: ${version.issuedOn}`]);
			const sha256 = await files.put(bytes);
			const file = await tx
				.insertInto("files")
				.values({
					tenant_id: tenant,
					sha256,
					size_bytes: bytes.length,
					content_type: "application/pdf",
					original_name: `${version.docNumber}.pdf`,
					uploaded_by: recorder,
				})
				.returning("id")
				.executeTakeFirstOrThrow();
			const isLast = index === versions.length - 1;
			const system = await tx
				.insertInto("systems")
				.values({
					tenant_id: tenant,
					version: index + 1,
					title: version.title,
					issuing_bodies: version.issuingBodies,
					doc_number: version.docNumber,
					issued_on: version.issuedOn,
					effective_on: version.effectiveOn,
					supersedes_doc_number: version.supersedes,
					file_id: file.id,
					recorded_by: recorder,
					superseded_at: isLast ? null : new Date(`${versions[index + 1]?.issuedOn}T09:00:00+08:00`),
				})
				.returning("id")
				.executeTakeFirstOrThrow();
			for (const role of systemLeaderRoles) {
				await tx
					.insertInto("system_leaders")
					.values({
						tenant_id: tenant,
						system_id: system.id,
						user_id: await userId(tx, demoEmail(role, first.slug)),
						role,
					})
					.execute();
			}
			recorded++;
		}
	}
	return recorded;
}
