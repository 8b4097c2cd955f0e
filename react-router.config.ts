import type { Config } from "@react-router/dev/config";

export default {
	ssr: true,
	appDirectory: "app",
	buildDirectory: "build",
	// The whole route manifest as one cached asset, not a partial manifest written into every page
	// (and matched anew on every request) plus a /__manifest request per new link (ADR 0009).
	routeDiscovery: { mode: "initial" },
} satisfies Config;
