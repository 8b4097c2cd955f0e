import { randomUUID } from "node:crypto";
import express, { type NextFunction, type Request, type Response } from "express";
import { RouterContextProvider, type ServerBuild } from "react-router";
import { hashPassword } from "#app/domain/auth/password.server.ts";
import { bindFileStore } from "#app/domain/files/file-store-binding.server.ts";
import { imChannelSealer } from "#app/domain/im-robots/demo-channel-sealer.server.ts";
import { servicesContext } from "#app/lib/app-context.server.ts";
import { type Config, loadConfig } from "#app/lib/config.server.ts";
import { dataDirFileStore, type FileStore } from "#app/lib/file-store.server.ts";
import { createLogger, type Logger } from "#app/lib/logger.server.ts";
import { type DatabaseHandle, openDatabase } from "#db/client.ts";
import { migrateToLatest } from "#db/migrate.ts";
import { isEmpty, seedDemo } from "#db/seed/seed-demo.ts";
import { createMailer } from "#workers/email/mailer.ts";
import { DailySweepTimer, OutboxRunner } from "#workers/in-process-runner.ts";
import { anonymousPageCache } from "./anonymous-page-cache.ts";
import { reactRouterHandler } from "./react-router-handler.ts";
import { hasFormBody, isSameOriginRequest } from "./same-origin.ts";
import { securityHeaders } from "./security-headers.ts";

interface Runtime {
	config: Config;
	log: Logger;
	db: DatabaseHandle;
	files: FileStore;
	/** The express app: request id, logging, security headers, origin check, /healthz, React Router. */
	app: express.Express;
	shutdown(): Promise<void>;
}

interface StartOptions {
	build: ServerBuild | (() => Promise<ServerBuild>);
	env?: NodeJS.ProcessEnv;
}

/** Reads the config, opens the database, migrates and seeds the embedded default, builds the app. */
export async function start({ build, env = process.env }: StartOptions): Promise<Runtime> {
	const config = loadConfig(env);
	const log = createLogger(config.LOG_LEVEL);
	const db = await openDatabase({ env: config });
	const files = dataDirFileStore(config.DATA_DIR);
	if (config.embedded) {
		for (const line of await migrateToLatest(db.owner)) log.info({ migration: line }, "migration");
	}
	if (config.seedDemo && (await isEmpty(db.owner))) {
		const result = await seedDemo(db.owner, { hashPassword, files, imChannels: imChannelSealer(env) });
		log.info(result, "demo data seeded");
	}
	// The files directory marked as this database's, for the daily collector of unlisted bytes.
	if ((await bindFileStore(db.owner, files)) === "foreign")
		log.warn(
			{ dataDir: config.DATA_DIR },
			"the files directory is marked for another database: unlisted stored bytes are not collected",
		);
	const app = createApp({ build, config, log, db, files });
	const jobs = startInProcessJobs(config, log, db, files);
	return {
		config,
		log,
		db,
		files,
		app,
		async shutdown() {
			await jobs?.stop();
			await db.close();
		},
	};
}

/**
 * Without REDIS_URL the app process works the outbox (emails) and runs the daily reminders itself;
 * with it, `npm run worker` does (ADR 0011).
 */
function startInProcessJobs(config: Config, log: Logger, db: DatabaseHandle, files: FileStore) {
	if (config.REDIS_URL || !config.RUN_JOBS) return null;
	const mailer = createMailer({ smtpUrl: config.SMTP_URL, dataDir: config.DATA_DIR, from: config.MAIL_FROM });
	const ctx = {
		db,
		mailer,
		publicUrl: config.publicUrl,
		log: log.child({ jobs: "in-process" }),
		now: () => new Date(),
		files,
	};
	const runner = new OutboxRunner(ctx);
	const sweep = new DailySweepTimer(ctx);
	runner.start();
	sweep.start();
	log.info({ mail: mailer.describe }, "jobs run in the app process (no REDIS_URL)");
	return {
		async stop() {
			await sweep.stop();
			await runner.stop();
			mailer.close();
		},
	};
}

const requestIdShape = /^[A-Za-z0-9._-]{8,64}$/;

function createApp({
	build,
	config,
	log,
	db,
	files,
}: {
	build: StartOptions["build"];
	config: Config;
	log: Logger;
	db: DatabaseHandle;
	files: FileStore;
}) {
	const app = express();
	app.disable("x-powered-by");
	if (config.TRUST_PROXY) app.set("trust proxy", 1);

	app.use((req: Request, res: Response, next: NextFunction) => {
		const incoming = req.get("x-request-id");
		const requestId = incoming && requestIdShape.test(incoming) ? incoming : randomUUID();
		const nonce = randomUUID().replaceAll("-", "");
		res.locals.requestId = requestId;
		res.locals.nonce = nonce;
		res.setHeader("X-Request-Id", requestId);
		for (const [name, value] of securityHeaders({ nonce, config })) res.setHeader(name, value);
		const startedAt = process.hrtime.bigint();
		// A refusal (403, 404, 405) ended before the body was read: read the rest and drop it, so a
		// client still uploading can finish and read the answer, instead of both waiting until the
		// connection is reset.
		res.once("prefinish", () => {
			if (req.complete) return;
			// The router's web stream over the body pauses it while nobody reads: take over and discard.
			req.removeAllListeners("data");
			req.on("data", () => {});
			req.resume();
		});
		res.on("finish", () => {
			const ms = Number(process.hrtime.bigint() - startedAt) / 1e6;
			// Path only: query strings may carry values people typed.
			log.info(
				{ requestId, method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms) },
				"request",
			);
		});
		next();
	});

	// Browsers that ask for the classic name get the one icon there is.
	app.get("/favicon.ico", (_req, res) => {
		res.redirect(301, "/favicon.svg");
	});

	app.get("/healthz", async (_req, res) => {
		try {
			await Promise.race([
				db.ping(),
				new Promise((_, reject) => setTimeout(() => reject(new Error("database timeout")), 2_000)),
			]);
			res.status(200).json({ status: "ok", database: db.kind });
		} catch (error) {
			log.error({ err: error }, "health check failed");
			res.status(503).json({ status: "unavailable" });
		}
	});

	app.use((req: Request, res: Response, next: NextFunction) => {
		if (isSameOriginRequest(req)) return next();
		log.warn({ requestId: res.locals.requestId, method: req.method, path: req.path }, "cross-origin request refused");
		res.status(403).type("text/plain; charset=utf-8").send("跨站请求已被拒绝 / Cross-origin request refused");
	});

	app.use((req: Request, res: Response, next: NextFunction) => {
		if (hasFormBody(req)) return next();
		res.status(400).type("text/plain; charset=utf-8").send("请求内容须为表单 / The request body must be a form");
	});

	app.all(
		"/{*path}",
		reactRouterHandler({
			build,
			mode: config.NODE_ENV === "development" ? "development" : "production",
			getLoadContext(req, res) {
				const context = new RouterContextProvider();
				context.set(servicesContext, {
					db,
					config,
					files,
					log: log.child({ requestId: res.locals.requestId }),
					requestId: res.locals.requestId,
					nonce: res.locals.nonce,
					once: randomUUID(),
					ip: req.ip ?? null,
					userAgent: req.get("user-agent") ?? null,
				});
				return context;
			},
			// The sign-in form reads nothing per person: kept per language (server/anonymous-page-cache.ts).
			pageCache: {
				cache: anonymousPageCache({
					paths: ["/login"],
					// No session cookie at all (either name): a visitor who sends one is answered afresh.
					isAnonymous: (req) => !(req.headers.cookie ?? "").includes("lxt_session="),
				}),
				tokensOf: (context) => {
					const { nonce, once } = context.get(servicesContext);
					return { nonce, once };
				},
			},
		}),
	);
	return app;
}
