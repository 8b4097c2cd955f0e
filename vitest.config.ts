import { defineConfig } from "vitest/config";

// Five suites, one command (`vitest run`): unit (no services), integration (real PostgreSQL),
// jobs (workers, SMTP, Redis), pglite (the embedded default), e2e (the built app, over HTTP and in Debian's Chromium).
export default defineConfig({
	test: {
		projects: [
			{
				test: {
					name: "unit",
					include: ["app/**/*.test.ts", "tests/unit/**/*.test.ts"],
					setupFiles: ["tests/support/fail-on-console-error.ts"],
				},
			},
			{
				test: {
					name: "integration",
					include: ["tests/integration/**/*.test.ts"],
					globalSetup: ["tests/support/postgres-global-setup.ts"],
					setupFiles: ["tests/support/fail-on-console-error.ts"],
					testTimeout: 60_000,
					hookTimeout: 60_000,
				},
			},
			{
				test: {
					// Jobs and reminders: own databases, a real SMTP server, worker processes, own redis-servers.
					name: "jobs",
					include: ["tests/jobs/**/*.test.ts"],
					setupFiles: ["tests/support/fail-on-console-error.ts"],
					testTimeout: 180_000,
					hookTimeout: 60_000,
				},
			},
			{
				test: {
					name: "pglite",
					include: ["tests/pglite/**/*.test.ts"],
					setupFiles: ["tests/support/fail-on-console-error.ts"],
					testTimeout: 60_000,
					hookTimeout: 60_000,
				},
			},
			{
				test: {
					name: "e2e",
					include: ["tests/http/**/*.test.ts", "tests/e2e/**/*.test.ts"],
					globalSetup: ["tests/support/app-global-setup.ts"],
					setupFiles: ["tests/support/fail-on-console-error.ts"],
					testTimeout: 60_000,
					hookTimeout: 60_000,
					// One app server and one browser: files run one after another.
					fileParallelism: false,
				},
			},
		],
	},
});
