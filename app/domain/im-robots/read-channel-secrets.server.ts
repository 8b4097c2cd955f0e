import type { ImChannelKind } from "./im-channel-kinds.ts";
import type { RobotChannelSecrets } from "./robot-messages.ts";
import { type SecretBox, secretBox } from "./secret-box.server.ts";

interface SealedChannelRow {
	kind: ImChannelKind;
	webhook_url_enc: Uint8Array;
	secret_enc: Uint8Array | null;
	key_id: string;
	keyword: string | null;
}

/**
 * The channel with its URL and secret in clear, for posting only (server side: never returned to a
 * page, never logged). Throws when no key opens it (IM_SECRET_KEYS lost the key it was sealed with).
 */
export function openChannel(row: SealedChannelRow, box: SecretBox | null = secretBox()): RobotChannelSecrets {
	if (!box) throw new Error("im-robots: no secret key configured (IM_SECRET_KEYS)");
	return {
		kind: row.kind,
		url: box.open({ keyId: row.key_id, ciphertext: row.webhook_url_enc }),
		secret: row.secret_enc ? box.open({ keyId: row.key_id, ciphertext: row.secret_enc }) : null,
		keyword: row.keyword,
	};
}
