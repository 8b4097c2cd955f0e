import fc from "fast-check";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "#db/client.ts";
import { parseDatabaseEnv } from "#db/database-env.ts";
import { HttpClient } from "#tests/support/http-client.ts";
import { startOwnApp } from "#tests/support/own-app.ts";
import { fillRoute, routeIdsOf, routePatterns } from "#tests/support/route-paths.ts";

/**
 * Hardening: property-based fuzzing of every action of every route (the list comes from
 * app/routes.ts, so a new route cannot be forgotten). Generated payloads — wrong types, missing and
 * duplicated fields, huge and control-character strings, impossible dates, ids of another tenant,
 * multipart bodies with files — must never answer 5xx; a refused request (4xx, or answered with the
 * refusal's message) changes no row and writes no audit event, and any other request that writes no
 * audit event changes no row. Seeded and bounded; FUZZ_RUNS raises the count, FUZZ_SEED changes the seed.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 12);
const SEED = Number(process.env.FUZZ_SEED ?? 20261124);

// Its own app and database: what the fuzzer manages to change stays out of the other suites' demo.
const app = await startOwnApp("fuzz");
const db = await openDatabase({ env: parseDatabaseEnv({ DATABASE_URL: app.databaseUrl }) });
afterAll(async () => {
	await db.close();
	await app.stop();
});

/** Real ids of the city (so routes reach their code) and of a sibling (foreign ids). */
let ids: Record<string, string> = {};
let foreign: string[] = [];
beforeAll(async () => {
	ids = await routeIdsOf(db, "smx");
	const lushi = await routeIdsOf(db, "lushi");
	foreign = [lushi.meetingId ?? "", lushi.matterId ?? "", lushi.departmentId ?? ""];
});

/** Tenant rows and audit events, counted in one statement (sessions and sign-in events excluded). */
async function counts() {
	const { rows: tables } = await sql<{ name: string }>`
		select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
		where n.nspname = 'public' and c.relkind = 'r'
			and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id')
			and c.relname <> 'audit_events'
			-- The first page a session opens in a unit records that entry (a security record, ADR 0013),
			-- whether or not the request it came with changed anything.
			and c.relname <> 'session_units'`.execute(db.owner);
	const sum = sql.join(
		tables.map((t) => sql`(select count(*) from ${sql.table(t.name)})`),
		sql` + `,
	);
	const { rows } = await sql<{ rows: number; audit: number; users: number }>`
		select (${sum})::int as rows, (select count(*) from audit_events)::int as audit,
			(select count(*) from users)::int as users`.execute(db.owner);
	return rows[0] as { rows: number; audit: number; users: number };
}

const intents = [
	...["edit_request", "submit", "accept", "consent", "decline", "cancel", "propose_topic", "revise_topic"],
	...["agree_topic", "return_topic", "withdraw_topic", "request_opinion", "add_member", "add_department"],
	...["add_guest", "remove_attendee", "add_agenda", "move_agenda", "schedule", "publicity", "hold", "save"],
	...["return", "approve", "issue", "progress", "done", "reminder", "supervision", "verify", "extend", "reopen"],
	...["approve_extension", "refuse_extension", "record_leave", "resend", "union_approve", "gov_approve"],
	...["roles", "disable", "enable", "link", "revoke", "bind", "unbind", "update", "archive", "end", "end-others"],
	...["accept", "decline", "password"],
];
const fields = [
	...["name", "title", "reason", "body", "comment", "text", "answer", "note", "place", "proposedPlace", "presidedBy"],
	...["displayName", "email", "phone", "roles", "kind", "slug", "govName", "unionName", "divisionCode", "adminName"],
	...["adminEmail", "category", "side", "sortOrder", "windowFrom", "windowTo", "start", "end", "heldOn", "dueOn"],
	...["newDeadline", "percent", "departmentId", "topicId", "attendeeId", "itemId", "requestId", "invitationId"],
	...["sessionId", "userId", "capacity", "guestType", "presence", "absenceReason", "substitute", "channel", "link"],
	...[
		"publishedOn",
		"matters[0].content",
		"matters[0].leadDepartmentId",
		"matters[0].deadline",
		"matters[1].coDepartmentIds",
		"__intent__",
		"docNumber",
		"issuedOn",
	],
	...["effectiveOn", "issuingBodies", "cadence", "leaders", "password", "confirm", "current", "redirectTo", "lang"],
];

const nasty = fc.oneof(
	fc.string(),
	fc.string({ unit: "grapheme", maxLength: 40 }),
	fc.constantFrom(
		"",
		" ",
		"\u0000",
		"a\u0000b",
		"\u200b",
		"\ud83d\ude00",
		"<script>alert(1)</script>",
		"../../etc/passwd",
	),
	fc.constantFrom("2026-02-30", "0000-00-00", "9999-12-31T25:61", "1e309", "-1", "NaN", "null", "[]", "{}"),
	fc.integer().map(String),
	fc.double().map(String),
	fc.nat({ max: 120_000 }).map((n) => "长".repeat(n)),
	fc.uuid().map(String),
);

const payload = fc.record({
	intent: fc.oneof(fc.constantFrom(...intents), fc.string()),
	entries: fc.array(fc.tuple(fc.constantFrom(...fields), nasty), { maxLength: 12 }),
	foreignId: fc.nat({ max: 2 }),
	multipart: fc.boolean(),
	file: fc.option(fc.uint8Array({ maxLength: 2048 }), { nil: undefined }),
});

/**
 * A refusal: a 4xx answer, or a page answered with the refusal's message — an error notice
 * (role="alert", red) or a field marked invalid. The O3 warning (role="alert", amber) is no refusal.
 */
const refusedInline =
	/aria-invalid="true"|role="alert"[^>]*class="[^"]*text-red-|class="[^"]*text-red-[^"]*"[^>]*role="alert"/;
function refused(status: number, html: string) {
	return (status >= 400 && status < 500) || (status === 200 && refusedInline.test(html));
}

async function client(email: string) {
	const c = new HttpClient(app.baseUrl);
	await c.signIn(email);
	return c;
}

type Payload = typeof payload extends fc.Arbitrary<infer T> ? T : never;

function body(p: Payload) {
	const pairs: [string, string][] = [["intent", p.intent], ...p.entries];
	pairs.push(["departmentId", foreign[p.foreignId] ?? ""]);
	if (!p.multipart) {
		return { body: new URLSearchParams(pairs), type: "application/x-www-form-urlencoded" };
	}
	const form = new FormData();
	for (const [k, v] of pairs) form.append(k, v);
	if (p.file) form.append("attachment", new Blob([p.file]), "附件.pdf");
	return { body: form, type: undefined };
}

describe("fuzzing every action", () => {
	it("never answers 5xx, and a refused request writes nothing", { timeout: 600_000 }, async () => {
		const targets = routePatterns()
			.filter((p) => p !== "/*" && p !== "/logout")
			.map((p) => fillRoute(p, ids));
		expect(targets.length).toBeGreaterThan(20);
		const users = await Promise.all(
			["admin@smx.demo", "union_staff@smx.demo", "gov_office@smx.demo", "department_liaison@smx.demo"].map(client),
		);
		const failures: string[] = [];
		let requests = 0;
		let refusals = 0;
		await fc.assert(
			fc.asyncProperty(fc.nat({ max: users.length - 1 }), payload, async (who, p) => {
				for (const target of targets) {
					const before = await counts();
					const { body: sent, type } = body(p);
					let response: Response;
					let answer: string;
					try {
						response = await (users[who] as HttpClient).request(target, {
							method: "POST",
							body: sent,
							headers: type ? { "content-type": type } : {},
						});
						answer = await response.text();
					} catch (error) {
						failures.push(
							`no answer (${(error as Error).cause ?? error}): POST ${target} ${JSON.stringify(p).slice(0, 300)}`,
						);
						continue;
					} finally {
						requests++;
					}
					const after = await counts();
					if (response.status >= 500)
						failures.push(`${response.status} POST ${target} ${JSON.stringify(p).slice(0, 300)}`);
					if (refused(response.status, answer)) {
						// Refused (403/404/400/413 or with the refusal's message): no row and no audit event.
						refusals++;
						if (after.rows !== before.rows || after.users !== before.users || after.audit !== before.audit) {
							failures.push(
								`refused with ${response.status} yet counts changed ${JSON.stringify({ before, after })}: ` +
									`POST ${target} ${JSON.stringify(p).slice(0, 300)}`,
							);
						}
					} else if (after.audit === before.audit && (after.rows !== before.rows || after.users !== before.users)) {
						failures.push(`rows changed without an audit event: POST ${target} ${JSON.stringify(p).slice(0, 300)}`);
					}
				}
			}),
			// Failures are collected, not thrown: no shrinking re-runs, one report of every case.
			{ numRuns: RUNS, seed: SEED, endOnFailure: true },
		);
		expect(failures).toEqual([]);
		expect(requests).toBe(RUNS * targets.length);
		// The payloads are mostly wrong: most answers are refusals, so the check above did run.
		expect(refusals).toBeGreaterThan(requests / 2);
	});

	it("100,000 fields answer 413 at once wherever a form is read, never 5xx, and write nothing", async () => {
		const targets = routePatterns()
			.filter((p) => p !== "/*" && p !== "/logout")
			.map((p) => fillRoute(p, ids));
		const admin = await client("admin@smx.demo");
		const fields = new URLSearchParams({ intent: "add_member", displayName: "字段过多", email: "flood@smx.example" });
		for (let i = 0; i < 100_000; i++) fields.append("roles", "viewer");
		const body = fields.toString();
		const parts = new FormData();
		for (const [name, value] of fields) parts.append(name, value);
		const multipart = new Request("http://localhost/", { method: "POST", body: parts });
		const multipartType = multipart.headers.get("content-type") ?? "";
		const multipartBody = await multipart.arrayBuffer();

		// The administrator has been in the unit before the flood: only the flood is counted.
		await (await admin.request("/t/smx")).arrayBuffer();
		const before = await counts();
		const answers: { target: string; status: number; ms: number }[] = [];
		const post = async (target: string, sent: BodyInit, type: string) => {
			const startedAt = Date.now();
			const response = await admin.request(target, { method: "POST", body: sent, headers: { "content-type": type } });
			await response.arrayBuffer();
			answers.push({ target, status: response.status, ms: Date.now() - startedAt });
		};
		for (const target of targets) await post(target, body, "application/x-www-form-urlencoded");
		await post("/t/smx/members", multipartBody, multipartType);

		expect(answers.filter((a) => a.status >= 500 || a.ms > 2_000)).toEqual([]);
		// Every page with a form the administrator may post reads it, and refuses it before anything else.
		for (const target of ["/t/smx/members", "/t/smx/departments", "/t/smx/settings", "/account"]) {
			expect(answers.find((a) => a.target === target)?.status).toBe(413);
		}
		expect(answers.at(-1)?.status).toBe(413);
		expect(answers.filter((a) => a.status === 413).length).toBeGreaterThan(10);
		expect(await counts()).toEqual(before);
	});
});
