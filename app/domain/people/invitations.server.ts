import { type Kysely, sql } from "kysely";
import { runAs, runAsAuthenticator, type Tx } from "#db/run-as.ts";
import type { Database, Role } from "#db/schema.ts";
import { hashPassword } from "../auth/password.server.ts";
import { parseSessionToken, secretMatches } from "../auth/session-token.server.ts";

/** How long an invitation link works. */
export const INVITATION_DAYS = 7;

type Meta = { ip: string | null; userAgent: string | null; requestId: string | null };

interface InvitationInput {
	email: string;
	displayName: string;
	phone?: string | null;
	roles: Role[];
}

/**
 * Inside the inviting unit's transaction: a pending invitation and the outbox message that mails
 * its one-time link to the address (ADR 0008). The link is minted by the mailing process, never
 * here: nobody but the reader of that mailbox ever holds it. Whether the email has an account is
 * neither asked nor told.
 */
export async function createInvitation(
	tx: Tx,
	options: { tenantId: string; invitedBy: string; input: InvitationInput; now?: Date },
): Promise<{ id: string }> {
	const now = options.now ?? new Date();
	const tenant = await tx
		.selectFrom("tenants")
		.select(["name", "kind"])
		.where("id", "=", options.tenantId)
		.executeTakeFirstOrThrow();
	const id = crypto.randomUUID();
	await tx
		.insertInto("invitations")
		.values({
			tenant_id: options.tenantId,
			id,
			tenant_name: tenant.name,
			tenant_kind: tenant.kind,
			email: options.input.email,
			display_name: options.input.displayName,
			phone: options.input.phone ?? null,
			roles: options.input.roles,
			invited_by: options.invitedBy,
			expires_at: new Date(now.getTime() + INVITATION_DAYS * 86_400_000),
		})
		.execute();
	await queueInvitationMail(tx, options.tenantId, id);
	return { id };
}

/** The outbox message that mints and mails an invitation's link; each one replaces the link before it. */
export async function queueInvitationMail(tx: Tx, tenantId: string, invitationId: string): Promise<void> {
	await tx
		.insertInto("outbox")
		.values({
			tenant_id: tenantId,
			topic: "invitation.created",
			payload: JSON.stringify({ invitationId, deliveryId: crypto.randomUUID() }),
		})
		.execute();
}

export type InvitationState = "sending" | "sent" | "accepted" | "declined" | "expired" | "revoked";

/** What the administrator sees of an invitation: never its link, only where it stands. */
function invitationState(row: { status: string; sent_at: Date | null; expires_at: Date }, now: Date): InvitationState {
	if (row.status === "accepted" || row.status === "declined" || row.status === "revoked") return row.status;
	if (row.expires_at.getTime() <= now.getTime()) return "expired";
	return row.sent_at ? "sent" : "sending";
}

/** The acting unit's invitations of the last 90 days and every pending one (the members page). */
export async function listInvitations(
	db: Kysely<Database>,
	actor: { userId: string; tenantId: string },
	now = new Date(),
) {
	const rows = await runAs(db, actor, (tx) =>
		tx
			.selectFrom("invitations")
			.select([
				"id",
				"email",
				"display_name as name",
				"roles",
				"status",
				"sent_at",
				"send_count as sendCount",
				"created_at as createdAt",
				"expires_at",
				"answered_at as answeredAt",
			])
			.where("tenant_id", "=", actor.tenantId)
			.where((eb) =>
				eb.or([eb("status", "=", "pending"), eb("created_at", ">", new Date(now.getTime() - 90 * 86_400_000))]),
			)
			.orderBy("created_at", "desc")
			.limit(200)
			.execute(),
	);
	return rows.map(({ sent_at, expires_at, ...row }) => ({
		...row,
		sentAt: sent_at,
		expiresAt: expires_at,
		state: invitationState({ status: row.status, sent_at, expires_at }, now),
	}));
}

/**
 * Pending, unexpired invitations addressed to the signed-in person's email, in any unit. The status is
 * written into the text, as in the page's count (tenant-access.server.ts): the partial index of
 * pending invitations by address serves the generic plan.
 */
function pendingInvitationsFor(tx: Tx, now = new Date()) {
	return tx
		.selectFrom("invitations as i")
		.select([
			"i.id",
			"i.roles",
			"i.created_at as createdAt",
			"i.tenant_name as tenantName",
			"i.tenant_kind as tenantKind",
		])
		.where("i.email", "=", sql<string>`app_current_user_email()`)
		.where("i.status", "=", sql.lit("pending"))
		.where("i.expires_at", ">", now)
		.orderBy("i.created_at")
		.execute();
}

export function listMyInvitations(db: Kysely<Database>, userId: string) {
	return runAs(db, { userId, tenantId: null }, (tx) => pendingInvitationsFor(tx));
}

type InvitationView =
	| { ok: true; id: string; email: string; displayName: string; roles: Role[]; tenantName: string; tenantKind: string }
	| { ok: false; reason: "invalid" | "expired" | "used" };

async function findByToken(tx: Tx, token: string) {
	const parsed = parseSessionToken(token);
	if (!parsed) return null;
	const row = await tx
		.selectFrom("invitations as i")
		.select([
			"i.id",
			"i.tenant_id",
			"i.secret_hash",
			"i.email",
			"i.display_name",
			"i.phone",
			"i.roles",
			"i.status",
			"i.expires_at",
			"i.tenant_name",
			"i.tenant_kind",
		])
		.where("i.token_id", "=", parsed.id)
		.executeTakeFirst();
	return row?.secret_hash && secretMatches(parsed.secret, row.secret_hash) ? row : null;
}

function view(row: NonNullable<Awaited<ReturnType<typeof findByToken>>> | null, now: Date): InvitationView {
	if (!row) return { ok: false, reason: "invalid" };
	if (row.status !== "pending") return { ok: false, reason: "used" };
	if (row.expires_at.getTime() <= now.getTime()) return { ok: false, reason: "expired" };
	return {
		ok: true,
		id: row.id,
		email: row.email,
		displayName: row.display_name,
		roles: row.roles,
		tenantName: row.tenant_name,
		tenantKind: row.tenant_kind,
	};
}

/** What the invitation link shows: the unit, the email and the roles, or why it no longer works. */
export function readInvitation(db: Kysely<Database>, token: string, now = new Date()): Promise<InvitationView> {
	return runAsAuthenticator(db, async (tx) => view(await findByToken(tx, token), now));
}

/** After accepting, the unit's slug (the person is a member now and may see it); after declining, null. */
type AnswerResult = { ok: true; tenantSlug: string | null } | { ok: false; reason: "not_available" };

async function answer(tx: Tx, invitationId: string, userId: string, reply: "accepted" | "declined", meta: Meta) {
	const { rows } = await sql<{ tenant: string | null }>`
		select app_answer_invitation(${invitationId}, ${userId}, ${reply}, ${meta.ip}, ${meta.userAgent?.slice(0, 300) ?? null}, ${meta.requestId}) as tenant`.execute(
		tx,
	);
	return rows[0]?.tenant ?? null;
}

async function slugOf(db: Kysely<Database>, userId: string, tenantId: string): Promise<string> {
	const row = await runAs(db, { userId, tenantId: null }, (tx) =>
		tx.selectFrom("tenants").select("slug").where("id", "=", tenantId).executeTakeFirstOrThrow(),
	);
	return row.slug;
}

/**
 * The signed-in person accepts or declines an invitation addressed to their email. The database
 * function checks the address, the state and the expiry, and writes the membership, the audit
 * event and the inviter's notification in this one transaction.
 */
export async function answerInvitation(
	db: Kysely<Database>,
	options: { userId: string; invitationId: string; reply: "accepted" | "declined"; meta: Meta },
): Promise<AnswerResult> {
	if (!/^[0-9a-f-]{36}$/.test(options.invitationId)) return { ok: false, reason: "not_available" };
	const tenantId = await runAs(db, { userId: options.userId, tenantId: null }, (tx) =>
		answer(tx, options.invitationId, options.userId, options.reply, options.meta),
	);
	if (!tenantId) return { ok: false, reason: "not_available" };
	return { ok: true, tenantSlug: options.reply === "accepted" ? await slugOf(db, options.userId, tenantId) : null };
}

type JoinResult = { ok: true; email: string } | { ok: false; reason: "invalid" | "expired" | "used" | "has_account" };

/**
 * A person new to the platform follows the link: sets a name and a password, and the account
 * (created by the inviting unit, never signed in yet) joins the unit in the same transaction.
 * An email that already has an account is told to sign in and accept there; its password is never
 * touched from a link.
 */
export async function joinWithNewAccount(
	db: Kysely<Database>,
	token: string,
	input: { displayName: string; password: string },
	meta: Meta,
	now = new Date(),
): Promise<JoinResult> {
	const passwordHash = await hashPassword(input.password);
	return runAsAuthenticator(db, async (tx) => {
		const row = await findByToken(tx, token);
		const seen = view(row, now);
		if (!seen.ok || !row) return seen.ok ? { ok: false, reason: "invalid" } : seen;
		const existing = await tx.selectFrom("users").select("id").where("email", "=", row.email).executeTakeFirst();
		if (existing) return { ok: false, reason: "has_account" };
		const user = await tx
			.insertInto("users")
			.values({
				email: row.email,
				display_name: input.displayName,
				phone: row.phone,
				password_hash: passwordHash,
				created_in: row.tenant_id,
			})
			// Two people following the same link at once: the second finds the account taken.
			.onConflict((oc) => oc.column("email").doNothing())
			.returning("id")
			.executeTakeFirst();
		if (!user) return { ok: false, reason: "has_account" };
		const joined = await answer(tx, row.id, user.id, "accepted", meta);
		if (!joined) throw new Error("joinWithNewAccount: the invitation could not be accepted");
		return { ok: true, email: row.email };
	});
}
