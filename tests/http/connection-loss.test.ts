import { connect, createServer, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HttpClient } from "#tests/support/http-client.ts";
import { startOwnApp } from "#tests/support/own-app.ts";
import { adminUrl } from "#tests/support/test-databases.ts";

/**
 * Connection loss is always the localised 503 (issue 27): a loopback proxy between the app and
 * PostgreSQL drops one connection at a chosen stage of a request's unit of work — idle in the pool
 * (checkout), at BEGIN with the first statement, at a later statement, at COMMIT, or just after
 * COMMIT answered (release) — fifty times over page views and posted steps. No answer is a 500,
 * and the request after each drop is served: the broken connection never went back to the pool.
 */
type Stage = "idle" | "begin" | "statement" | "commit" | "after-commit";

interface Pair {
	client: Socket;
	upstream: Socket;
}

/** A proxy that can drop one connection when what the app sends matches the armed stage. */
async function stageProxy(target: { host: string; port: number }) {
	const pairs = new Set<Pair>();
	let armed: { stage: Stage; skip: number } | null = null;
	let fired = false;
	const drop = (pair: Pair) => {
		pair.client.destroy();
		pair.upstream.destroy();
		pairs.delete(pair);
		fired = true;
		armed = null;
	};
	const server: Server = createServer((client) => {
		const upstream = connect(target.port, target.host);
		const pair: Pair = { client, upstream };
		pairs.add(pair);
		let cutAfterAnswer = false;
		for (const s of [client, upstream]) {
			s.on("error", () => s.destroy());
			s.on("close", () => pairs.delete(pair));
		}
		client.on("data", (chunk: Buffer) => {
			const text = chunk.toString("latin1").toLowerCase();
			const stage = armed?.stage;
			if (stage === "begin" && text.includes("begin")) return drop(pair);
			if (stage === "statement" && /select|insert|update/.test(text) && armed) {
				if (armed.skip-- <= 0) return drop(pair);
			}
			if (stage === "commit" && text.includes("commit")) return drop(pair);
			if (stage === "after-commit" && text.includes("commit")) cutAfterAnswer = true;
			upstream.write(chunk);
		});
		upstream.on("data", (chunk: Buffer) => {
			client.write(chunk);
			if (cutAfterAnswer) client.end(() => drop(pair));
		});
		client.on("end", () => upstream.end());
		upstream.on("end", () => client.end());
	});
	await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
	return {
		port: (server.address() as { port: number }).port,
		arm(stage: Stage, skip = 0) {
			fired = false;
			if (stage === "idle") {
				for (const pair of [...pairs]) drop(pair);
				return;
			}
			armed = { stage, skip };
		},
		/** Whether the armed drop happened; disarms. */
		settle() {
			armed = null;
			return fired;
		},
		async close() {
			for (const pair of pairs) drop(pair);
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

const upstream = new URL(adminUrl);
const proxy = await stageProxy({ host: upstream.hostname, port: Number(upstream.port || 5432) });
let app: Awaited<ReturnType<typeof startOwnApp>>;

beforeAll(async () => {
	app = await startOwnApp("connection_loss", (url) => {
		url.port = String(proxy.port);
		return url;
	});
}, 120_000);

afterAll(async () => {
	await app?.stop();
	await proxy.close();
});

describe("the connection dies at any stage of a request", () => {
	it("fifty drops: every answer is served or the localised 503, never a 500, and the next request is served", async () => {
		const staff = new HttpClient(app.baseUrl);
		await staff.signIn("union_staff@smx.demo");
		const meetingPath = /href="(\/t\/smx\/meetings\/[0-9a-f-]{36})"/.exec(
			await (await staff.request("/t/smx/meetings")).text(),
		)?.[1];
		expect(meetingPath).toBeDefined();
		const requests: (() => Promise<Response>)[] = [
			() => staff.request("/t/smx"),
			() => staff.request("/t/smx/meetings"),
			() => staff.request(meetingPath as string),
			() =>
				staff.request(meetingPath as string, {
					form: { intent: "propose_topic", category: "5", title: `断线测试议题 ${crypto.randomUUID().slice(0, 8)}` },
				}),
			() =>
				staff.request("/t/smx/meetings/new", {
					form: { kind: "extraordinary", reason: "断线测试", windowFrom: "2026-12-20", windowTo: "2026-12-28" },
				}),
		];
		const stages: Stage[] = ["idle", "begin", "statement", "commit", "after-commit"];
		const answers: { stage: Stage; status: number; body: string }[] = [];
		const next: number[] = [];
		let drops = 0;
		for (let round = 0; drops < 50 && round < 200; round++) {
			const stage = stages[round % stages.length] as Stage;
			const request = requests[Math.floor(round / stages.length) % requests.length] as () => Promise<Response>;
			// Warm the pool so that there is an idle connection to drop.
			if (stage === "idle") await (await staff.request("/t/smx")).text();
			proxy.arm(stage, round % 3);
			const response = await request();
			const body = await response.text();
			const fired = proxy.settle();
			if (!fired) continue;
			drops++;
			answers.push({ stage, status: response.status, body });
			// The request after the drop (once the app has seen the socket close): served, not a broken
			// connection taken back from the pool.
			await new Promise((resolve) => setTimeout(resolve, 50));
			next.push((await staff.request("/t/smx")).status);
		}
		expect(drops).toBe(50);
		expect(answers.filter((a) => a.status >= 500 && a.status !== 503).map((a) => `${a.stage} ${a.status}`)).toEqual([]);
		for (const a of answers.filter((x) => x.status === 503)) {
			expect(a.body).toContain("暂时无法连接数据库");
			expect(a.body).not.toMatch(/at \w+ \(|node:internal|Connection terminated/);
		}
		expect(next.filter((status) => status !== 200)).toEqual([]);
		// Every stage was reached.
		expect(new Set(answers.map((a) => a.stage))).toEqual(new Set(stages));
	});
});
