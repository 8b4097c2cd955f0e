/**
 * Texts of robot delivery (issue 23): what a robot's answer means (test-send, the delivery log, the
 * channel's last error), why a webhook URL is refused, the group message's own words, and the
 * notification that tells the administrator a channel is failing. zh-CN first, English key for key.
 */
export const zhCN = {
	"imRobot.explain.ok": "发送成功",
	"imRobot.explain.rateLimited": "发送过于频繁，已被平台限流：稍后自动重试",
	"imRobot.explain.serverBusy": "平台暂时不可用：稍后自动重试",
	"imRobot.explain.network": "无法连接机器人地址：稍后自动重试",
	"imRobot.explain.timeout": "机器人 5 秒内未应答：稍后自动重试",
	"imRobot.explain.notJson": "平台返回的不是机器人应答（可能是网关页面）：稍后自动重试",
	"imRobot.explain.httpRejected": "平台拒绝了请求：请核对 Webhook 地址",
	"imRobot.explain.invalidWebhook": "Webhook 地址无效或机器人已被移除：请重新复制地址",
	"imRobot.explain.signMismatch": "签名不匹配：请核对密钥",
	"imRobot.explain.keywordMissing": "消息须包含安全关键词「{keyword}」",
	"imRobot.explain.keywordUnknown": "消息须包含机器人的安全关键词：请在渠道中填写关键词（建议「联席通」）",
	"imRobot.explain.ipNotAllowed": "本平台的服务器地址不在机器人的 IP 白名单中",
	"imRobot.explain.securityRejected": "机器人的安全设置拒绝了消息：请核对关键词、签名或 IP 白名单",
	"imRobot.explain.messageRejected": "平台拒绝了这条消息",
	"imRobot.explain.keyMissing": "无法解密机器人地址：服务器的密钥（IM_SECRET_KEYS）已更换，请重新填写地址和密钥",

	"imRobot.url.not_url": "请粘贴机器人的完整 Webhook 地址。",
	"imRobot.url.not_https": "Webhook 地址须以 https:// 开头。",
	"imRobot.url.wrong_host":
		"Webhook 地址须是该平台自己的地址（企业微信 qyapi.weixin.qq.com，钉钉 oapi.dingtalk.com，飞书 open.feishu.cn 或 open.larksuite.com）。",
	"imRobot.url.wrong_path": "这不是该平台群机器人的 Webhook 地址。",
	"imRobot.url.no_token": "Webhook 地址缺少机器人的 key 或 token。",

	"imRobot.message.linkText": "在联席通中查看",
	"imRobot.message.more": "内容较长，请打开链接查看全文。",
	"imRobot.message.due": "办理期限：{due}",
	"imRobot.message.testTitle": "联席通测试消息",
	"imRobot.message.testLine": "这是一条测试消息：本群机器人已接入联席通，{unit}的通知将发送到这里。",

	"inbox.kind.im.channel_failing": "群机器人发送失败",
	"notifications.kind.im.channel_failing": "群机器人「{name}」发送失败（{code}），已暂停发送，请检查设置",
} as const;

export const en: Record<keyof typeof zhCN, string> = {
	"imRobot.explain.ok": "Sent",
	"imRobot.explain.rateLimited": "Too many messages: the platform is limiting the robot; it will be retried",
	"imRobot.explain.serverBusy": "The platform is unavailable for now; it will be retried",
	"imRobot.explain.network": "The robot's address could not be reached; it will be retried",
	"imRobot.explain.timeout": "The robot did not answer within 5 seconds; it will be retried",
	"imRobot.explain.notJson": "The answer was not a robot's (perhaps a gateway page); it will be retried",
	"imRobot.explain.httpRejected": "The platform refused the request: check the webhook URL",
	"imRobot.explain.invalidWebhook": "The webhook URL is invalid or the robot was removed: copy the URL again",
	"imRobot.explain.signMismatch": "Signature mismatch: check the secret",
	"imRobot.explain.keywordMissing": "Messages must contain the security keyword “{keyword}”",
	"imRobot.explain.keywordUnknown":
		"Messages must contain the robot's security keyword: enter it in the channel (e.g. “联席通”)",
	"imRobot.explain.ipNotAllowed": "This platform's server address is not in the robot's IP allow-list",
	"imRobot.explain.securityRejected":
		"The robot's security settings refused the message: check keyword, signature or IP allow-list",
	"imRobot.explain.messageRejected": "The platform refused this message",
	"imRobot.explain.keyMissing":
		"The robot's address cannot be decrypted: the server's key (IM_SECRET_KEYS) changed; enter the URL and secret again",

	"imRobot.url.not_url": "Paste the robot's whole webhook URL.",
	"imRobot.url.not_https": "The webhook URL must start with https://.",
	"imRobot.url.wrong_host":
		"The webhook URL must be the platform's own address (WeCom qyapi.weixin.qq.com, DingTalk oapi.dingtalk.com, Feishu open.feishu.cn or open.larksuite.com).",
	"imRobot.url.wrong_path": "This is not a group robot webhook URL of that platform.",
	"imRobot.url.no_token": "The webhook URL lacks the robot's key or token.",

	"imRobot.message.linkText": "Open in 联席通",
	"imRobot.message.more": "More in the app: open the link.",
	"imRobot.message.due": "Due: {due}",
	"imRobot.message.testTitle": "联席通 test message",
	"imRobot.message.testLine":
		"A test message: this group's robot is connected to 联席通; notifications of {unit} will arrive here.",

	"inbox.kind.im.channel_failing": "Group robot failing",
	"notifications.kind.im.channel_failing": "Group robot “{name}” failed ({code}); sending paused: check its settings",
};
