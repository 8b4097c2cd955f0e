import { startRedis } from "#tests/support/redis-servers.ts";
import { bullmqSuite } from "./bullmq-suite.ts";

// A second redis-server of the test's own, nothing persisted: its restart loses every queued job.
bullmqSuite(
	"a standalone redis-server",
	async () => {
		const redis = await startRedis();
		return {
			url: redis.url,
			cluster: false,
			restart: redis.restart,
			stop: redis.stop,
			start: redis.start,
			close: redis.close,
		};
	},
	{ jobs: 1000, kills: 50 },
);
