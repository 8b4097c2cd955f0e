import { createHmac } from "node:crypto";

/**
 * The two robot signatures. They look alike and are not: 钉钉 signs `timestamp + "\n" + secret`
 * WITH the secret as key; 飞书 uses `timestamp + "\n" + secret` AS the key and signs the empty string.
 */

/** 钉钉 加签: urlencode(base64(HMAC-SHA256(key = secret, message = timestamp(ms) + "\n" + secret))). */
export function dingtalkSign(secret: string, timestampMs: number): string {
	const digest = createHmac("sha256", secret).update(`${timestampMs}\n${secret}`, "utf8").digest("base64");
	return encodeURIComponent(digest);
}

/** 飞书 签名校验: base64(HMAC-SHA256(key = timestamp(s) + "\n" + secret, message = "")). */
export function feishuSign(secret: string, timestampSeconds: number): string {
	return createHmac("sha256", `${timestampSeconds}\n${secret}`).update("", "utf8").digest("base64");
}
