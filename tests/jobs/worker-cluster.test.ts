import { startRedisCluster } from "#tests/support/redis-servers.ts";
import { bullmqSuite } from "./bullmq-suite.ts";

// Scale-out: the same suite on a 3-master Redis Cluster (the queue prefix's hash tag keeps each
// queue's keys in one slot).
bullmqSuite(
	"a 3-master Redis Cluster",
	async () => {
		const cluster = await startRedisCluster();
		return { url: cluster.url, cluster: true, close: cluster.close };
	},
	{ jobs: 1000, kills: 50 },
);
