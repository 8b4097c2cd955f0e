import { spawnSync } from "node:child_process";
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
export function backendsOf(role: string, database: string): string[] {
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

/**
 * Puts processes on one CPU (Linux's taskset) and returns how to give them back the CPUs they had,
 * or null where taskset is missing or refused. A round trip between two processes on one CPU is a
 * switch from one to the other; between two CPUs it is a wake-up of the other, which on this
 * machine costs several times as much: which CPU each side's backend happened to sit on decided a
 * wall-clock comparison of the two (ADR 0009, 2026-12-06).
 */
export function onOneCpu(pids: (number | string)[]): (() => void) | null {
	const masks = new Map<string, string>();
	for (const pid of pids.map(String)) {
		const shown = spawnSync("taskset", ["-p", pid], { encoding: "utf8" });
		const mask = /:\s*([0-9a-f]+)\s*$/.exec(shown.stdout ?? "")?.[1];
		if (shown.status !== 0 || !mask) continue;
		if (spawnSync("taskset", ["-p", "-c", "0", pid], { stdio: "ignore" }).status === 0) masks.set(pid, mask);
	}
	if (masks.size === 0) return null;
	return () => {
		for (const [pid, mask] of masks) spawnSync("taskset", ["-p", mask, pid], { stdio: "ignore" });
	};
}
