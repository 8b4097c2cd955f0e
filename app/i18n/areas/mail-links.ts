/** Texts of the emails that carry one-time links (invitations, set-password, forgotten password). */
export const zhCN = {
	"mailLink.invite.subject": "邀请您加入「{tenant}」的联席通",
	"mailLink.invite.body": "{tenant}邀请您以“{roles}”的身份使用联席通（政府与工会联席会议工作平台）。",
	"mailLink.invite.how":
		"已有联席通账号的，打开链接后登录并接受邀请；首次使用的，打开链接设置自己的姓名和密码后加入。如不接受，可在页面上谢绝，或不予理会。",
	"mailLink.invite.action": "查看邀请",
	"mailLink.set.subject": "设置您在联席通的密码",
	"mailLink.set.body": "{tenant}的管理员为您的账号发出了设置密码的链接。",
	"mailLink.set.action": "设置密码",
	"mailLink.reset.subject": "重置您在联席通的密码",
	"mailLink.reset.body": "有人（可能是您本人）请求重置此邮箱对应的联席通账号的密码。",
	"mailLink.reset.notYou": "如果不是您本人请求的，请忽略此邮件，您的密码不会改变。",
	"mailLink.reset.action": "重置密码",
	"mailLink.validUntil": "链接有效期至 {until}（北京时间），只能使用一次。请勿转发此邮件：持有链接的人即可使用。",
	"mailLink.greeting": "{name}，您好：",
	"mailLink.footer": "此邮件由联席通自动发送，请勿直接回复。",
	"children.adminRoles": "调整下级单位唯一管理员的角色",
	"children.adminRolesIntro":
		"本人不能修改自己的角色。下级单位只有一位管理员时，由本级管理员在此为其调整角色：填写该管理员的邮箱，所选角色须属同一方，并保留“系统管理员”。",
	"children.adminRolesUnit": "下级单位",
	"children.adminRolesEmail": "该单位管理员的邮箱",
	"children.error.notOnlyAdmin": "该邮箱不是此下级单位唯一的在用管理员。有其他管理员的，请由其在本单位成员页调整。",
	"children.error.keepAdmin": "须保留“系统管理员”：下级单位不能没有管理员。",
	"forgot.title": "忘记密码",
	"forgot.link": "忘记密码？",
	"forgot.intro": "填写登录用的邮箱。该邮箱有联席通账号的，将收到一封重置密码的邮件，链接 1 小时内有效，只能使用一次。",
	"forgot.submit": "发送重置邮件",
	"forgot.sent":
		"如果该邮箱有联席通账号，重置密码的邮件已经发出，请查收（也请看看垃圾邮件）。设置新密码后，该账号在所有设备上的登录都会退出。",
	"forgot.throttled": "请求过于频繁。为保护账号，请 1 小时后再试，或联系本单位管理员。",
	"forgot.back": "返回登录",
	"mailLink.sentTo":
		"一次性链接已发送到 {email} 的邮箱，只有该邮箱的主人能使用；链接不会在页面上显示。对方未收到时，可在成员页“邀请记录”中重新发送。",
	"mailLink.passwordSent": "设置密码的一次性链接已发送到该成员本人的邮箱（72 小时内有效），链接不会在页面上显示。",
};

export const en: Record<keyof typeof zhCN, string> = {
	"mailLink.invite.subject": "You are invited to join {tenant} on Lianxitong",
	"mailLink.invite.body":
		"{tenant} invites you to use Lianxitong (the government–union joint-meeting platform) as {roles}.",
	"mailLink.invite.how":
		"If you already have a Lianxitong account, open the link, sign in and accept. If you are new, open the link and set your name and password to join. To decline, say so on the page, or ignore this email.",
	"mailLink.invite.action": "View the invitation",
	"mailLink.set.subject": "Set your Lianxitong password",
	"mailLink.set.body": "An administrator of {tenant} sent a link to set the password of your account.",
	"mailLink.set.action": "Set password",
	"mailLink.reset.subject": "Reset your Lianxitong password",
	"mailLink.reset.body":
		"Someone (perhaps you) asked to reset the password of the Lianxitong account of this email address.",
	"mailLink.reset.notYou": "If it was not you, ignore this email: your password stays as it is.",
	"mailLink.reset.action": "Reset password",
	"mailLink.validUntil":
		"The link works until {until} (China time), once. Do not forward this email: whoever holds the link can use it.",
	"mailLink.greeting": "Dear {name},",
	"mailLink.footer": "Sent automatically by Lianxitong; please do not reply.",
	"children.adminRoles": "Roles of a subordinate unit's only administrator",
	"children.adminRolesIntro":
		"Nobody changes their own roles. When a subordinate unit has a single administrator, set their roles here: give that administrator's email; the roles must be of one side and keep Administrator.",
	"children.adminRolesUnit": "Subordinate unit",
	"children.adminRolesEmail": "That unit's administrator's email",
	"children.error.notOnlyAdmin":
		"This email is not the unit's only active administrator. Where there are others, one of them changes the roles on the unit's members page.",
	"children.error.keepAdmin": "Keep Administrator: the unit cannot be left without one.",
	"forgot.title": "Forgotten password",
	"forgot.link": "Forgot your password?",
	"forgot.intro":
		"Enter the email you sign in with. If it has a Lianxitong account, an email with a reset link will arrive; the link works for one hour, once.",
	"forgot.submit": "Send reset email",
	"forgot.sent":
		"If this address has a Lianxitong account, the reset email is on its way (check the spam folder too). Once you set a new password, the account is signed out everywhere.",
	"forgot.throttled": "Too many requests. To protect accounts, try again in an hour, or ask your unit's administrator.",
	"forgot.back": "Back to sign-in",
	"mailLink.sentTo":
		"A one-time link was emailed to {email}; only the owner of that mailbox can use it, and it is never shown in a page. If it did not arrive, send it again under “Invitations” on the members page.",
	"mailLink.passwordSent":
		"A one-time set-password link was emailed to the member's own address (valid for 72 hours); it is never shown in a page.",
};
