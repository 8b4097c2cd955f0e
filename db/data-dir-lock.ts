import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * One process owns an embedded (PGlite) data directory: the app, or a backup or restore. The owner
 * writes its process id to DATA_DIR/pglite.pid; another process that finds a live id there refuses
 * (`npm run backup` while `npm start` runs), and a stale id (a killed process) is taken over.
 */
const held = new Map<string, number>();

function lockFile(dataDir: string): string {
	return path.join(path.dirname(dataDir), `${path.basename(dataDir)}.pid`);
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as { code?: string }).code === "EPERM";
	}
}

/** Holds `dataDir` for this process (re-entrant within it); returns the release. */
export function holdDataDir(dataDir: string): () => void {
	const file = lockFile(dataDir);
	const count = held.get(file) ?? 0;
	if (count === 0) {
		let other: number | null = null;
		try {
			other = Number(readFileSync(file, "utf8").trim()) || null;
		} catch {}
		if (other !== null && other !== process.pid && alive(other))
			throw new Error(
				`the embedded database in ${path.dirname(dataDir)} is in use by process ${other} (the app?): stop it first (or delete ${file} if that process is not 联席通)`,
			);
		mkdirSync(path.dirname(file), { recursive: true });
		writeFileSync(file, `${process.pid}\n`);
	}
	held.set(file, count + 1);
	let released = false;
	return () => {
		if (released) return;
		released = true;
		const left = (held.get(file) ?? 1) - 1;
		held.set(file, left);
		if (left === 0) rmSync(file, { force: true });
	};
}
