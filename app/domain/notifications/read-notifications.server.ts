import { type ExpressionBuilder, type Kysely, sql } from "kysely";
import type { Actor } from "#app/domain/actor.ts";
import { runAs } from "#db/run-as.ts";
import type { Database } from "#db/schema.ts";
import { statementTemplate } from "#db/statement-template.ts";
import { askingKinds } from "./notification-asks.ts";
import type { NotificationKind } from "./notification-kinds.ts";

/** Where an inbox row stands: an ask is pending until its act is done; any other notice is read once opened. */
export type InboxState = "pending" | "done" | "unread" | "read";

/**
 * The asking kinds, written into the statement's text (code constants, each a quoted literal): every
 * signed-in page reads the open notifications, and a bound array (twice) was serialised by the client
 * and parsed by the server on each of them.
 */
const asks = sql<string[]>`array[${sql.join(askingKinds.map((kind) => sql.lit(kind)))}]::text[]`;

/** Still needs the person: an ask not yet settled, or a notice not yet read (what the badge counts). */
function isOpen(eb: ExpressionBuilder<Database, "notifications">) {
	return eb.or([
		eb.and([eb(sql<string>`kind`, "=", sql<string>`any(${asks})`), eb("resolved_at", "is", null)]),
		eb.and([eb(sql<string>`kind`, "<>", sql<string>`all(${asks})`), eb("read_at", "is", null)]),
	]);
}

const stateOf = (r: { kind: string; read_at: Date | null; resolved_at: Date | null }): InboxState =>
	(askingKinds as readonly string[]).includes(r.kind)
		? r.resolved_at
			? "done"
			: "pending"
		: r.read_at
			? "read"
			: "unread";

/**
 * What a list shows of each row. A digest's `lines` (every lagging unit with its reasons, for the
 * email: a thousand lines at a thousand children) stays out: the menu, which every page carries,
 * and the inbox show the count and the first names only.
 */
const inboxColumns = [
	"id",
	"kind",
	sql<unknown>`params - 'lines'`.as("params"),
	"created_at",
	"read_at",
	"resolved_at",
] as const;

function toItem(r: {
	id: string;
	kind: string;
	params: unknown;
	created_at: Date;
	read_at: Date | null;
	resolved_at: Date | null;
}) {
	return {
		id: r.id,
		kind: r.kind,
		params: (r.params ?? {}) as Record<string, string>,
		createdAt: r.created_at,
		state: stateOf(r),
	};
}

/** The header menu: the person's open notifications in this tenant, newest first, and how many are open. */
export function listUnreadNotifications(db: Kysely<Database>, actor: Actor, limit = 10) {
	return runAs(db, actor, async (tx) => {
		const rows = await unreadStatement(tx, { tenantId: actor.tenantId, userId: actor.userId, limit });
		return { items: rows.map(toItem), total: rows[0]?.total ?? 0 };
	});
}

/** One statement on every page (compiled once): the newest open rows and, on each, the count of all open ones (taken before the limit). */
const unreadStatement = statementTemplate(
	["tenantId", "userId", "limit"],
	(tx: Kysely<Database>, v: { tenantId: string | null; userId: string | null; limit: number }) =>
		tx
			.selectFrom("notifications")
			.select(inboxColumns)
			.select(sql<number>`count(*) over ()::int`.as("total"))
			.where("tenant_id", "=", v.tenantId)
			.where("user_id", "=", v.userId)
			.where(isOpen)
			.orderBy("created_at", "desc")
			.orderBy("id")
			.limit(v.limit),
);

export const inboxPageSize = 20;

/** `/t/<slug>/notifications`: open ones or all, of one kind or any, a page at a time, newest first. */
export function listInbox(
	db: Kysely<Database>,
	actor: Actor,
	filter: { show: "open" | "all"; kind: NotificationKind | null; page: number },
) {
	return runAs(db, actor, async (tx) => {
		let query = tx
			.selectFrom("notifications")
			.where("tenant_id", "=", actor.tenantId)
			.where("user_id", "=", actor.userId);
		if (filter.show === "open") query = query.where(isOpen);
		if (filter.kind) query = query.where("kind", "=", filter.kind);
		const rows = await query
			.select(inboxColumns)
			.select(sql<number>`count(*) over ()::int`.as("total"))
			.orderBy("created_at", "desc")
			.orderBy("id")
			.limit(inboxPageSize)
			.offset((filter.page - 1) * inboxPageSize)
			.execute();
		// The kinds the person has ever received here: the kind filter offers only those.
		const kinds = await tx
			.selectFrom("notifications")
			.select("kind")
			.distinct()
			.where("tenant_id", "=", actor.tenantId)
			.where("user_id", "=", actor.userId)
			.execute();
		let total = rows[0]?.total;
		if (total === undefined && filter.page > 1) {
			// Past the last page: the count still tells the reader how many there are.
			const count = await query.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirst();
			total = Number(count?.n ?? 0);
		}
		return { items: rows.map(toItem), total: total ?? 0, kinds: kinds.map((k) => k.kind) };
	});
}

/** Opening one: read from now on (an ask stays pending until its act is done). Its link, or null if not the person's. */
export function openNotification(db: Kysely<Database>, actor: Actor, id: string) {
	return runAs(db, actor, async (tx) => {
		const row = await tx
			.updateTable("notifications")
			.set({ read_at: sql<Date>`coalesce(read_at, now())` })
			.where("tenant_id", "=", actor.tenantId)
			.where("user_id", "=", actor.userId)
			.where("id", "=", id)
			.returning("link")
			.executeTakeFirst();
		return row?.link ?? null;
	});
}

export function markAllRead(db: Kysely<Database>, actor: Actor) {
	return runAs(db, actor, (tx) =>
		tx
			.updateTable("notifications")
			.set({ read_at: new Date() })
			.where("tenant_id", "=", actor.tenantId)
			.where("user_id", "=", actor.userId)
			.where("read_at", "is", null)
			.execute(),
	);
}
