import type { Tx } from "../run-as.ts";

/**
 * The demo city's example group robots (issue 23): one per platform, DISABLED, with addresses of the
 * platforms' shape whose tokens are zeros — nothing is ever posted to them. They show the page with
 * something on it. Their URLs and secrets are sealed like any channel's, so the seed needs the
 * installation's key: `sealer` comes from the app (app/domain/im-robots/secret-box.server.ts); the db
 * layer imports nothing from app/. Without a key no example is added.
 */
export interface ImChannelSealer {
	seal(plain: string): { keyId: string; ciphertext: Uint8Array };
	mask(kind: "wecom" | "dingtalk" | "feishu", url: string): string;
}

const examples = [
	{
		kind: "wecom",
		name: "联席会议工作群（企业微信示例）",
		url: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=00000000-0000-0000-0000-000000000000",
		secret: null,
		keyword: null,
	},
	{
		kind: "dingtalk",
		name: "政府办督办群（钉钉示例）",
		url: "https://oapi.dingtalk.com/robot/send?access_token=0000000000000000000000000000000000000000000000000000000000000000",
		secret: "SEC0000000000000000000000000000000000000000000000000000000000000000",
		keyword: null,
	},
	{
		kind: "feishu",
		name: "总工会联络群（飞书示例）",
		url: "https://open.feishu.cn/open-apis/bot/v2/hook/00000000-0000-0000-0000-000000000000",
		secret: null,
		keyword: "联席通",
	},
] as const;

/** Adds the examples the city does not have yet (by name); returns how many were added. */
export async function seedImChannels(tx: Tx, cityId: string, sealer: ImChannelSealer): Promise<number> {
	let added = 0;
	for (const e of examples) {
		const exists = await tx
			.selectFrom("im_channels")
			.select("id")
			.where("tenant_id", "=", cityId)
			.where("name", "=", e.name)
			.executeTakeFirst();
		if (exists) continue;
		const url = sealer.seal(e.url);
		await tx
			.insertInto("im_channels")
			.values({
				tenant_id: cityId,
				kind: e.kind,
				name: e.name,
				webhook_url_enc: url.ciphertext,
				secret_enc: e.secret === null ? null : sealer.seal(e.secret).ciphertext,
				key_id: url.keyId,
				url_mask: sealer.mask(e.kind, e.url),
				keyword: e.keyword,
				categories: ["minutes", "matters", "reminders"],
				enabled: false,
				health: "disabled",
			})
			.execute();
		added++;
	}
	return added;
}
