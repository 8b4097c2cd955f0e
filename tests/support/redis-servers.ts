import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { Redis } from "ioredis";

export const freePort = () =>
	new Promise<number>((resolve) => {
		const probe = createServer().listen(0, "127.0.0.1", () => {
			const { port } = probe.address() as { port: number };
			probe.close(() => resolve(port));
		});
	});

async function waitForPing(port: number, ms = 10_000) {
	const deadline = Date.now() + ms;
	while (Date.now() < deadline) {
		try {
			execFileSync("redis-cli", ["-h", "127.0.0.1", "-p", String(port), "ping"], { stdio: "pipe" });
			return;
		} catch {
			await new Promise((r) => setTimeout(r, 100));
		}
	}
	throw new Error(`redis-server on port ${port} did not answer`);
}

/**
 * A redis-server of the test's own on a loopback port (Debian's redis-server), nothing kept on disk:
 * stopping it loses every queued job, as a crash of an unpersisted Redis would.
 */
export async function startRedis(options: { cluster?: boolean; dir?: string } = {}) {
	const port = await freePort();
	const dir = options.dir ?? mkdtempSync(path.join(tmpdir(), "lianxi-redis-"));
	let child: ChildProcess | null = null;
	const args = [
		"--port",
		String(port),
		"--bind",
		"127.0.0.1",
		"--save",
		"",
		"--appendonly",
		"no",
		"--maxmemory-policy",
		"noeviction",
		"--dir",
		dir,
		...(options.cluster ? ["--cluster-enabled", "yes", "--cluster-config-file", `nodes-${port}.conf`] : []),
	];
	const up = async () => {
		child = spawn("redis-server", args, { stdio: "ignore" });
		await waitForPing(port);
	};
	const down = async () => {
		const c = child;
		if (!c || c.exitCode !== null) return;
		const exited = new Promise((r) => c.once("exit", r));
		c.kill("SIGKILL");
		await exited;
	};
	await up();
	return {
		port,
		url: `redis://127.0.0.1:${port}`,
		stop: down,
		start: up,
		async restart() {
			await down();
			await up();
		},
		async close() {
			await down();
			rmSync(dir, { recursive: true, force: true });
		},
	};
}

/** A 3-master Redis Cluster on loopback ports, no replicas (redis-cli --cluster create). */
export async function startRedisCluster() {
	const dir = mkdtempSync(path.join(tmpdir(), "lianxi-cluster-"));
	const nodes: Awaited<ReturnType<typeof startRedis>>[] = [];
	for (let i = 0; i < 3; i++) nodes.push(await startRedis({ cluster: true, dir }));
	execFileSync(
		"redis-cli",
		["--cluster", "create", ...nodes.map((n) => `127.0.0.1:${n.port}`), "--cluster-replicas", "0", "--cluster-yes"],
		{ stdio: "pipe" },
	);
	// Ready when every node agrees the cluster is ok.
	const deadline = Date.now() + 20_000;
	for (const node of nodes) {
		for (;;) {
			const client = new Redis({ port: node.port, host: "127.0.0.1", lazyConnect: true });
			await client.connect();
			const info = String(await client.call("cluster", "info"));
			client.disconnect();
			if (info.includes("cluster_state:ok")) break;
			if (Date.now() > deadline) throw new Error("redis cluster did not become ok");
			await new Promise((r) => setTimeout(r, 200));
		}
	}
	return {
		url: nodes[0]?.url as string,
		ports: nodes.map((n) => n.port),
		async close() {
			for (const node of nodes) await node.stop();
			rmSync(dir, { recursive: true, force: true });
		},
	};
}
