/** Texts of sign-in throttling and of security events (a unit's page, one's own): zh-CN first, English key for key. */
export const zhCN = {
	"login.throttledSeconds": "此来源的登录尝试过多，请 {seconds} 秒后再试。",
	"login.throttledMinutes": "此来源的登录尝试过多，请 {minutes} 分钟后再试。",
	"security.throttledOnly": "只看登录受限",
	"security.kind.unit_entered": "登录后进入本单位",
	"security.kind.member.invitation_accepted": "接受邀请加入本单位",
	"security.kind.member.roles_changed": "本单位角色变更",
	"security.kind.member.disabled": "在本单位被停用",
	"security.kind.member.enabled": "在本单位恢复启用",
	"security.by": "操作人：{name}",
	"account.events": "安全记录",
	"account.eventsIntro": "您的账号最近的登录、失败与受限、进入各单位、修改密码和退出记录。不认识的记录请立即修改密码。",
	"account.col.at": "时间",
	"account.col.event": "事件",
	"account.enteredUnit": "登录后进入{unit}",
	"account.noEvents": "没有记录。",
} as const;

export const en: Record<keyof typeof zhCN, string> = {
	"login.throttledSeconds": "Too many sign-in attempts from this source: try again in {seconds} seconds.",
	"login.throttledMinutes": "Too many sign-in attempts from this source: try again in {minutes} minutes.",
	"security.throttledOnly": "Throttling only",
	"security.kind.unit_entered": "Signed in and entered this unit",
	"security.kind.member.invitation_accepted": "Joined this unit (invitation accepted)",
	"security.kind.member.roles_changed": "Roles in this unit changed",
	"security.kind.member.disabled": "Disabled in this unit",
	"security.kind.member.enabled": "Enabled again in this unit",
	"security.by": "By {name}",
	"account.events": "Security record",
	"account.eventsIntro":
		"Your account's recent sign-ins, failures and throttling, units entered, password changes and sign-outs. If you do not recognise one, change your password at once.",
	"account.col.at": "Time",
	"account.col.event": "Event",
	"account.enteredUnit": "Signed in and entered {unit}",
	"account.noEvents": "No events.",
};
