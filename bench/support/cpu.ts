import { readdirSync, readFileSync } from "node:fs";

/**
 * CPU time, which a busy machine does not inflate the way it inflates wall-clock time (ADR 0009,
 * 2026-12-05: with other work on the two cores, requests per second of the app and of baseline B
 * both measure the scheduler as much as themselves). Linux only; 10 ms ticks.
 */
const tickMs = 10;

function cpuOf(pid: number | string): number {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
		// The fields after the command name (which may hold spaces) start after its closing parenthesis.
		const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
		return (Number(fields[11]) + Number(fields[12])) * tickMs;
	} catch {
		return 0;
	}
}

/** PostgreSQL's backends for this role and database on this machine (their process titles name both). */
function backendsOf(role: string, database: string): string[] {
	const found: string[] = [];
	for (const pid of readdirSync("/proc")) {
		if (!/^\d+$/.test(pid)) continue;
		try {
			const title = readFileSync(`/proc/${pid}/cmdline`, "utf8");
			if (title.startsWith("postgres: ") && title.includes(`: ${role} ${database} `)) found.push(pid);
		} catch {}
	}
	return found;
}

/** Milliseconds of CPU used by a server process and its database backends while `work` runs. */
export async function cpuDuring(
	server: { pid: number; role: string; database: string },
	work: () => Promise<unknown>,
): Promise<number> {
	const before = new Map(backendsOf(server.role, server.database).map((pid) => [pid, cpuOf(pid)]));
	const serverBefore = cpuOf(server.pid);
	await work();
	let used = cpuOf(server.pid) - serverBefore;
	for (const pid of backendsOf(server.role, server.database)) used += cpuOf(pid) - (before.get(pid) ?? 0);
	return used;
}
