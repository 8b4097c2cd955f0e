import type { ImChannelSealer } from "#db/seed/seed-im-channels.ts";
import { loadSecretBox } from "./secret-box.server.ts";
import { maskWebhookUrl } from "./webhook-url.ts";

/**
 * What the demo seed seals the city's example group robots with: this installation's key (from
 * IM_SECRET_KEYS, or the development key the embedded demo keeps in DATA_DIR), or null when there is
 * none — the seed then adds no examples rather than storing anything in clear.
 */
export function imChannelSealer(env: NodeJS.ProcessEnv = process.env): ImChannelSealer | null {
	const box = loadSecretBox(env);
	if (!box) return null;
	return { seal: (plain) => box.seal(plain), mask: maskWebhookUrl };
}
