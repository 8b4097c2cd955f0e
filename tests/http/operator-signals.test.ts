import { spawn } from "node:child_process";
import { connect } from "node:net";
import { describe, expect, inject, it } from "vitest";
import { freePort } from "#tests/support/redis-servers.ts";

const portOpen = (port: number) =>
	new Promise<boolean>((resolve) => {
		const socket = connect(port, "127.0.0.1");
		socket.once("connect", () => {
			socket.destroy();
			resolve(true);
		});
		socket.once("error", () => resolve(false));
	});

/**
 * `npm run serve` as a process manager runs it: SIGTERM and SIGINT sent to npm's own process reach
 * the server, which drains and closes its port, and npm exits with it (issue #28.4).
 */
describe("npm run serve under a process manager", () => {
	for (const signal of ["SIGTERM", "SIGINT"] as const) {
		it(`${signal} to the npm process closes the port and the server logs its drain`, async () => {
			const port = await freePort();
			const npm = spawn("npm", ["run", "serve"], {
				env: {
					...process.env,
					NODE_ENV: "production",
					DATABASE_URL: inject("databaseUrl"),
					DATA_DIR: inject("dataDir"),
					PUBLIC_URL: `http://localhost:${port}`,
					PORT: String(port),
					HOST: "127.0.0.1",
					RUN_JOBS: "false",
					LOG_LEVEL: "info",
					SHUTDOWN_GRACE_MS: "2000",
				},
				stdio: ["ignore", "pipe", "pipe"],
			});
			let output = "";
			npm.stdout.on("data", (d) => {
				output += d;
			});
			npm.stderr.on("data", (d) => {
				output += d;
			});
			const exited = new Promise<number | null>((resolve) => npm.once("exit", (code) => resolve(code)));
			const deadline = Date.now() + 30_000;
			while (!output.includes("is ready") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
			expect(output).toContain(`联席通 is ready: http://localhost:${port}`);
			expect(await portOpen(port)).toBe(true);

			npm.kill(signal);
			const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r("still running"), 15_000))]);
			expect(code).toBe(0);
			expect(await portOpen(port)).toBe(false);
			expect(output).toContain(`"signal":"${signal}"`);
			expect(output).toContain("shutting down: draining requests");
			expect(output).toContain('"msg":"stopped"');
		});
	}
});

/**
 * The quick start sets no NODE_ENV: the app reads that as production, and so must the libraries it
 * loads (React's production build, express's defaults), or every page costs React's development
 * checks. The server says which it runs with when it starts listening.
 */
describe("npm run serve without NODE_ENV", () => {
	it("runs the libraries as production and starts without PUBLIC_URL", async () => {
		const port = await freePort();
		const env: NodeJS.ProcessEnv = {
			...process.env,
			DATABASE_URL: inject("databaseUrl"),
			DATA_DIR: inject("dataDir"),
			PORT: String(port),
			HOST: "127.0.0.1",
			RUN_JOBS: "false",
			LOG_LEVEL: "info",
		};
		delete env.NODE_ENV;
		delete env.PUBLIC_URL;
		const npm = spawn("npm", ["run", "serve"], { env, stdio: ["ignore", "pipe", "pipe"] });
		let output = "";
		npm.stdout.on("data", (d) => {
			output += d;
		});
		npm.stderr.on("data", (d) => {
			output += d;
		});
		const exited = new Promise((resolve) => npm.once("exit", resolve));
		try {
			const deadline = Date.now() + 30_000;
			while (!output.includes("is ready") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
			expect(output).toContain(`联席通 is ready: http://localhost:${port}`);
			const listening = output.split("\n").find((line) => line.includes('"msg":"listening"'));
			expect(JSON.parse(listening ?? "{}")).toMatchObject({ port, nodeEnv: "production" });
			expect((await fetch(`http://127.0.0.1:${port}/login`)).status).toBe(200);
		} finally {
			npm.kill("SIGTERM");
			await exited;
		}
	});
});
