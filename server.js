// The process entry: serves the built app (or Vite in development), and drains on SIGTERM.
// Plain JavaScript so that `node server.js` needs no build step of its own; everything else is
// TypeScript bundled from server/app.ts by `react-router build`.
import { readdirSync } from "node:fs";
import compression from "compression";
import express from "express";

const DEV = process.env.NODE_ENV === "development";
// The app's settings read an unset NODE_ENV as production (app/lib/config.server.ts), and so must
// the libraries: React renders with its development build unless NODE_ENV says production (several
// times the CPU per page, with checks meant for a developer), and express keeps its development
// defaults. Set here, before express makes its app and before the build (and React) is loaded. The
// app's configuration still reads the environment as it was given: PUBLIC_URL is required only
// where NODE_ENV=production was set (the quick start sets nothing).
const given = { ...process.env };
process.env.NODE_ENV ||= "production";
const outer = express();
outer.disable("x-powered-by");

let runtime;
try {
	if (DEV) {
		const vite = await import("vite").then((v) => v.createServer({ server: { middlewareMode: true } }));
		outer.use(vite.middlewares);
		const { start } = await vite.ssrLoadModule("./server/app.ts");
		runtime = await start({ build: () => vite.ssrLoadModule("virtual:react-router/server-build") });
	} else {
		// Static files compress through the middleware; pages compress once each in the app (ADR 0009).
		const compress = compression();
		outer.use("/assets", compress, express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
		// The few files at the top of build/client, by name: a page's path is never looked up on disk.
		const topFiles = readdirSync("build/client", { withFileTypes: true }).filter((e) => e.isFile());
		const topStatic = express.static("build/client", { maxAge: "1h", index: false });
		for (const file of topFiles) outer.get(`/${file.name}`, compress, topStatic);
		const { start, build } = await import("./build/server/index.js");
		runtime = await start({ build, env: given });
	}
} catch (error) {
	// Configuration and database errors are written for people: print the message, not a stack.
	console.error(`联席通 could not start: ${error instanceof Error ? error.message : error}`);
	process.exit(1);
}

const { config, log } = runtime;
outer.use(runtime.app);
const server = outer.listen(config.PORT, config.HOST, () => {
	const address = server.address();
	const port = typeof address === "object" && address ? address.port : config.PORT;
	const dataDir = config.embedded ? config.DATA_DIR : undefined;
	log.info({ port, database: runtime.db.kind, dataDir, nodeEnv: process.env.NODE_ENV }, "listening");
	console.log(`联席通 is ready: http://localhost:${port}`);
});

let stopping = false;
async function stop(signal) {
	if (stopping) return;
	stopping = true;
	log.info({ signal }, "shutting down: draining requests");
	const timer = setTimeout(() => {
		log.warn("grace period over: closing open connections");
		server.closeAllConnections();
	}, config.SHUTDOWN_GRACE_MS);
	server.closeIdleConnections();
	await new Promise((resolve) => server.close(resolve));
	clearTimeout(timer);
	await runtime.shutdown();
	log.info("stopped");
	process.exit(0);
}
process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));
