import type { Tx } from "#db/run-as.ts";
import { minutesNumber } from "../minutes/minutes-rules.ts";
import type { SubjectName } from "./audit-words.ts";

/** An audit event's subject as the page names it: by its title, linking to its page. */
interface Subject {
	name: SubjectName;
	href: string | null;
}

type Found = Map<string, Subject>;
type Lookup = (tx: Tx, unit: Unit, ids: string[]) => Promise<[string, Subject][]>;

interface Unit {
	tenantId: string;
	slug: string;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EXCERPT = 40;
const excerpt = (text: string) => (text.length > EXCERPT ? `${text.slice(0, EXCERPT)}…` : text);

/** One statement per subject type, whatever the number of events (no query per row). */
const lookups: Record<string, Lookup> = {
	meeting: async (tx, unit, ids) =>
		(
			await tx
				.selectFrom("meetings")
				.select(["id", "title"])
				.where("tenant_id", "=", unit.tenantId)
				.where("id", "in", ids)
				.execute()
		).map((r) => [r.id, { name: { kind: "meeting", title: r.title }, href: `/t/${unit.slug}/meetings/${r.id}` }]),
	minutes: async (tx, unit, ids) =>
		(
			await tx
				.selectFrom("minutes as mi")
				.innerJoin("meetings as m", (j) =>
					j.onRef("m.tenant_id", "=", "mi.tenant_id").onRef("m.id", "=", "mi.meeting_id"),
				)
				.select(["mi.id", "mi.meeting_id as meetingId", "mi.number_year as year", "mi.number_seq as seq", "m.title"])
				.where("mi.tenant_id", "=", unit.tenantId)
				.where("mi.id", "in", ids)
				.execute()
		).map((r) => [
			r.id,
			{
				name: { kind: "minutes", number: r.year && r.seq ? minutesNumber(r.year, r.seq) : null, meeting: r.title },
				href: `/t/${unit.slug}/meetings/${r.meetingId}/minutes`,
			},
		]),
	decided_matter: async (tx, unit, ids) =>
		(
			await tx
				.selectFrom("decided_matters")
				.select(["id", "content"])
				.where("tenant_id", "=", unit.tenantId)
				.where("id", "in", ids)
				.execute()
		).map((r) => [
			r.id,
			{ name: { kind: "matter", content: excerpt(r.content) }, href: `/t/${unit.slug}/matters/${r.id}` },
		]),
	opinion_request: async (tx, unit, ids) =>
		(
			await tx
				.selectFrom("opinion_requests as o")
				.innerJoin("topics as t", (j) => j.onRef("t.tenant_id", "=", "o.tenant_id").onRef("t.id", "=", "o.topic_id"))
				.innerJoin("departments as d", (j) =>
					j.onRef("d.tenant_id", "=", "o.tenant_id").onRef("d.id", "=", "o.department_id"),
				)
				.select(["o.id", "d.name as department", "t.title", "t.auto_generated as auto", "t.meeting_id as meetingId"])
				.where("o.tenant_id", "=", unit.tenantId)
				.where("o.id", "in", ids)
				.execute()
		).map((r) => [
			r.id,
			{
				name: { kind: "opinion", department: r.department, topic: r.title, autoTopic: r.auto },
				href: `/t/${unit.slug}/meetings/${r.meetingId}#topics`,
			},
		]),
	topic: async (tx, unit, ids) =>
		(
			await tx
				.selectFrom("topics")
				.select(["id", "title", "auto_generated as auto", "meeting_id as meetingId"])
				.where("tenant_id", "=", unit.tenantId)
				.where("id", "in", ids)
				.execute()
		).map((r) => [
			r.id,
			{ name: { kind: "topic", title: r.title, auto: r.auto }, href: `/t/${unit.slug}/meetings/${r.meetingId}#topics` },
		]),
	tenant: async (tx, unit, ids) =>
		(await tx.selectFrom("tenants").select(["id", "name"]).where("id", "in", ids).execute()).map((r) => [
			r.id,
			{
				name: { kind: "name", name: r.name },
				href: `/t/${unit.slug}/${r.id === unit.tenantId ? "settings" : "children"}`,
			},
		]),
	public_page: async (tx, unit, ids) =>
		(await tx.selectFrom("tenants").select(["id", "name"]).where("id", "in", ids).execute()).map((r) => [
			r.id,
			{ name: { kind: "publicPage", unit: r.name }, href: `/t/${unit.slug}/public-results` },
		]),
	system: async (tx, unit, ids) =>
		(
			await tx
				.selectFrom("systems")
				.select(["id", "title", "version"])
				.where("tenant_id", "=", unit.tenantId)
				.where("id", "in", ids)
				.execute()
		).map((r) => [
			r.id,
			{ name: { kind: "system", title: r.title, version: r.version }, href: `/t/${unit.slug}/system` },
		]),
	department: async (tx, unit, ids) =>
		(
			await tx
				.selectFrom("departments")
				.select(["id", "name"])
				.where("tenant_id", "=", unit.tenantId)
				.where("id", "in", ids)
				.execute()
		).map((r) => [r.id, { name: { kind: "name", name: r.name }, href: `/t/${unit.slug}/departments/${r.id}` }]),
	invitation: async (tx, unit, ids) =>
		(
			await tx
				.selectFrom("invitations")
				.select(["id", "display_name as name"])
				.where("tenant_id", "=", unit.tenantId)
				.where("id", "in", ids)
				.execute()
		).map((r) => [r.id, { name: { kind: "name", name: r.name }, href: `/t/${unit.slug}/members` }]),
	// A deleted robot is not found: the event then names its type alone.
	im_channel: async (tx, unit, ids) =>
		(
			await tx
				.selectFrom("im_channels")
				.select(["id", "name"])
				.where("tenant_id", "=", unit.tenantId)
				.where("id", "in", ids)
				.execute()
		).map((r) => [r.id, { name: { kind: "name", name: r.name }, href: `/t/${unit.slug}/im-channels` }]),
	user: async (tx, unit, ids) =>
		(await tx.selectFrom("users").select(["id", "display_name as name"]).where("id", "in", ids).execute()).map((r) => [
			r.id,
			{ name: { kind: "name", name: r.name }, href: `/t/${unit.slug}/members/${r.id}` },
		]),
};

/**
 * The subjects of a page of audit events, keyed "type:id": one statement per type present. What
 * the reader may not see (row-level security) or what no longer exists is simply not found.
 */
export async function findSubjects(tx: Tx, unit: Unit, refs: { type: string; id: string }[]): Promise<Found> {
	const byType = new Map<Lookup, { type: string; ids: Set<string> }>();
	for (const { type, id } of refs) {
		const lookup = Object.hasOwn(lookups, type) ? lookups[type] : undefined;
		if (!lookup || !uuid.test(id)) continue;
		byType.set(lookup, { type, ids: (byType.get(lookup)?.ids ?? new Set()).add(id) });
	}
	const found: Found = new Map();
	for (const [lookup, { type, ids }] of byType) {
		for (const [id, subject] of await lookup(tx, unit, [...ids])) found.set(`${type}:${id}`, subject);
	}
	return found;
}
