import type { Kysely } from "kysely";
import { runAs } from "#db/run-as.ts";
import type { Database } from "#db/schema.ts";

/** A readable device name from a user agent: browser and system, never the raw string. */
export function deviceOf(userAgent: string | null): string {
	if (!userAgent) return "—";
	const browser = /Edg\//.test(userAgent)
		? "Edge"
		: /Chrome\//.test(userAgent)
			? "Chrome"
			: /Firefox\//.test(userAgent)
				? "Firefox"
				: /Safari\//.test(userAgent)
					? "Safari"
					: /MicroMessenger/.test(userAgent)
						? "微信"
						: "";
	const system = /Windows/.test(userAgent)
		? "Windows"
		: /Android/.test(userAgent)
			? "Android"
			: /iPhone|iPad/.test(userAgent)
				? "iOS"
				: /Mac OS X/.test(userAgent)
					? "macOS"
					: /Linux/.test(userAgent)
						? "Linux"
						: "";
	return [browser, system].filter(Boolean).join(" · ") || userAgent.slice(0, 60);
}

/** The signed-in person's own sessions (ASVS V7): device, address, when started, when last active. */
export async function listOwnSessions(db: Kysely<Database>, userId: string, currentSessionId: string) {
	const rows = await runAs(db, { userId, tenantId: null }, (tx) =>
		tx
			.selectFrom("sessions")
			.select(["id", "ip", "user_agent", "created_at", "last_active_at"])
			.where("user_id", "=", userId)
			.where("expires_at", ">", new Date())
			.orderBy("last_active_at", "desc")
			.execute(),
	);
	return rows.map((row) => ({
		id: row.id,
		device: deviceOf(row.user_agent),
		ip: row.ip,
		createdAt: row.created_at,
		lastActiveAt: row.last_active_at,
		current: row.id === currentSessionId,
	}));
}

/** Ends one of the person's own sessions, or all but the current one. Returns how many ended. */
export async function endOwnSessions(
	db: Kysely<Database>,
	options: { userId: string; currentSessionId: string; which: { one: string } | "others" },
): Promise<number> {
	return runAs(db, { userId: options.userId, tenantId: null }, async (tx) => {
		let query = tx.deleteFrom("sessions").where("user_id", "=", options.userId);
		query =
			options.which === "others"
				? query.where("id", "<>", options.currentSessionId)
				: query.where("id", "=", options.which.one);
		const result = await query.executeTakeFirst();
		return Number(result.numDeletedRows);
	});
}
