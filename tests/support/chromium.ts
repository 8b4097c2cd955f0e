import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * Debian's Chromium drives the browser tests; no browser is ever downloaded. When it is missing and
 * we are root on Debian, install it with apt-get (as Playwright's install-deps would); otherwise say
 * exactly what to install.
 */
export function ensureChromium(): string {
	if (existsSync(chromiumPath)) return chromiumPath;
	const isRoot = process.getuid?.() === 0;
	if (isRoot && existsSync("/usr/bin/apt-get")) {
		const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
		execFileSync("apt-get", ["update"], { stdio: "inherit", env });
		execFileSync("apt-get", ["install", "-y", "--no-install-recommends", "chromium", "fonts-noto-cjk"], {
			stdio: "inherit",
			env,
		});
		if (existsSync(chromiumPath)) return chromiumPath;
	}
	throw new Error(
		`Chromium not found at ${chromiumPath}. Install Debian's package: sudo apt-get install chromium fonts-noto-cjk (or set CHROMIUM_PATH).`,
	);
}

/** Flags for a root, sandboxed, offline machine: no sandbox (root), no background network chatter. */
export const chromiumArgs = [
	"--no-sandbox",
	"--disable-gpu",
	"--disable-quic",
	"--no-first-run",
	"--disable-background-networking",
	"--disable-component-update",
	"--disable-sync",
	"--disable-dev-shm-usage",
];
