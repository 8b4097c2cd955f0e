import * as attendanceAndReach from "./areas/attendance-and-reach.ts";
import * as children from "./areas/children.ts";
import * as decisions from "./areas/decisions.ts";
import * as directory from "./areas/directory.ts";
import * as imRobotResults from "./areas/im-robot-results.ts";
import * as imRobots from "./areas/im-robots.ts";
import * as mailLinks from "./areas/mail-links.ts";
import * as matters from "./areas/matters.ts";
import * as meetingPrep from "./areas/meeting-prep.ts";
import * as meetings from "./areas/meetings.ts";
import * as minutes from "./areas/minutes.ts";
import * as notices from "./areas/notices.ts";
import * as notificationsInbox from "./areas/notifications-inbox.ts";
import * as people from "./areas/people.ts";
import * as publicResults from "./areas/public-results.ts";
import * as records from "./areas/records.ts";
import * as reportRequestActs from "./areas/report-request-acts.ts";
import * as reportRequestFormats from "./areas/report-request-formats.ts";
import * as reportRequests from "./areas/report-requests.ts";
import * as reports from "./areas/reports.ts";
import * as rollupHeadings from "./areas/rollup-headings.ts";
import * as rollupReplies from "./areas/rollup-replies.ts";
import * as search from "./areas/search.ts";
import * as security from "./areas/security.ts";
import * as systems from "./areas/systems.ts";
import * as workbench from "./areas/workbench.ts";
import * as writesOnce from "./areas/writes-once.ts";

/**
 * Simplified Chinese: the first language. Core texts here; each feature area keeps its texts in
 * areas/<area>.ts (zhCN and en side by side). en.ts must have exactly the same keys (the type checks it).
 */
const core = {
	"app.name": "联席通",
	"app.tagline": "政府与工会联席会议工作平台",
	"app.skipToContent": "跳到主要内容",

	"form.error.required": "此项必填。",
	"form.error.tooLong": "不能超过 {max} 个字符，请删减后再提交（已输入的内容已保留）。",
	"form.error.control": "含有不可见的控制字符，请删除后再提交。",
	"form.error.invalid": "填写的内容不正确，请检查后再提交。",
	"form.error.tooMany": "最多只能选择 {max} 项，请减少后再提交。",
	"form.error.fields": "有内容需要修改，请按标出的提示修改后再提交（已输入的内容已保留）。",

	"lang.label": "语言",
	"lang.switchTo": "English",

	"login.title": "登录",
	"login.heading": "登录联席通",
	"login.email": "邮箱",
	"login.password": "密码",
	"login.submit": "登录",
	"login.submitting": "正在登录…",
	"login.invalid": "邮箱或密码错误。",
	"login.emailRequired": "请输入邮箱。",
	"login.emailInvalid": "邮箱格式不正确。",
	"login.passwordRequired": "请输入密码。",
	"login.demoHint": "演示账号：<角色>@<单位代码>.demo，例如 union_staff@smx.demo，密码 lianxi-demo-2024。",
	"login.noTenant": "您的账号尚未加入任何单位，请联系管理员。",

	"nav.home": "首页",
	"nav.meetings": "联席会议",
	"nav.matters": "议定事项",
	"nav.audit": "操作记录",
	"nav.opinions": "征求意见",
	"nav.system": "联席会议制度",
	"nav.register": "制度建立情况",
	"nav.departments": "部门",
	"nav.members": "成员",
	"nav.children": "下级单位",
	"nav.settings": "单位信息",
	"nav.signOut": "退出登录",
	"nav.security": "安全事件",
	"nav.reports": "统计分析",
	"nav.switchTenant": "切换单位",
	"nav.currentTenant": "当前单位",
	"nav.menu": "主菜单",
	"nav.signedInAs": "当前用户：{name}",

	"home.title": "{tenant}工作台",
	"home.welcome": "{name}，您好",
	"home.yourRoles": "您在本单位的角色",
	"home.sides": "联席双方",
	"home.govSide": "政府方",
	"home.unionSide": "工会方",
	"home.divisionCode": "行政区划代码",
	"home.kind": "单位类型",
	"home.nextStep": "下一步",
	"home.table.name": "单位名称",
	"home.table.kind": "类型",
	"home.table.code": "区划代码",
	"home.table.sides": "政府方 / 工会方",

	"settings.title": "单位信息",
	"settings.intro": "本单位在平台上显示的名称与联席双方。仅管理员可修改。",
	"settings.name": "单位简称",
	"settings.govName": "政府方（行业主管部门、协会）名称",
	"settings.unionName": "工会方名称",
	"settings.divisionCode": "行政区划代码（6 位，可不填）",
	"settings.save": "保存",
	"settings.saving": "正在保存…",
	"settings.saved": "已保存。",
	"settings.required": "此项必填。",
	"settings.divisionCodeInvalid": "行政区划代码应为 6 位数字。",
	"settings.readOnly": "您没有修改单位信息的权限。",

	"tenantKind.city": "市",
	"tenantKind.county": "县（市、区）",
	"tenantKind.zone": "管理委员会",
	"tenantKind.industry": "行业主管部门、行业协会",

	"role.admin": "系统管理员",
	"role.gov_head.city": "市长",
	"role.gov_head.district": "区长",
	"role.gov_head.county": "县长",
	"role.gov_head.countyCity": "市长（县级市）",
	"role.gov_head.zone": "管委会主任",
	"role.gov_head.bureau": "局长",
	"role.gov_head.association": "会长",
	"role.gov_head.industry": "局长（会长）",
	"role.gov_liaison.city": "联系工会工作的副市长",
	"role.gov_liaison.district": "联系工会工作的副区长",
	"role.gov_liaison.county": "联系工会工作的副县长",
	"role.gov_liaison.countyCity": "联系工会工作的副市长（县级市）",
	"role.gov_liaison.zone": "联系工会工作的管委会副主任",
	"role.gov_liaison.bureau": "联系工会工作的副局长",
	"role.gov_liaison.association": "联系工会工作的副会长",
	"role.gov_liaison.industry": "联系工会工作的副局长（副会长）",
	"role.gov_deputy_secretary": "政府副秘书长（办公室副主任）",
	"role.gov_office": "政府办公室工作人员",
	"role.union_chair": "工会主席",
	"role.union_vice_chair": "工会副主席",
	"role.union_staff": "工会工作人员",
	"role.department_liaison": "承办部门联络员",
	"role.viewer": "报表查看",

	"error.notFound.title": "页面不存在",
	"error.notFound.text": "您访问的页面不存在，或您无权查看。",
	"error.forbidden.title": "无权操作",
	"error.forbidden.text": "您的角色不能执行此操作。如需权限，请联系本单位管理员。",
	"error.unavailable.title": "系统暂时无法使用",
	"error.unavailable.text": "暂时无法连接数据库。刚才的操作没有生效，也没有任何内容只保存了一半。请稍后刷新重试。",
	"error.server.title": "系统出错了",
	"error.server.text": "请求未能完成，您输入的内容未被保存。请稍后重试；如果问题持续，请联系管理员。",
	"error.backHome": "返回首页",
	"error.badRequest.title": "请求无效",
	"error.badRequest.text": "请求内容无法处理，请返回重试。",
	"error.tooManyFields.title": "表单字段过多",
	"error.tooManyFields.text":
		"一份表单最多可含 {max} 个字段。这次提交超出上限，已被拒绝，没有保存任何内容。请返回页面重新提交。",
} as const;

export type CoreKey = keyof typeof core;

export const zhCN = {
	...core,
	...children.zhCN,
	...meetings.zhCN,
	...meetingPrep.zhCN,
	...minutes.zhCN,
	...matters.zhCN,
	...systems.zhCN,
	...decisions.zhCN,
	...directory.zhCN,
	...mailLinks.zhCN,
	...people.zhCN,
	...reports.zhCN,
	...rollupReplies.zhCN,
	...rollupHeadings.zhCN,
	...reportRequests.zhCN,
	...reportRequestActs.zhCN,
	...reportRequestFormats.zhCN,
	...notices.zhCN,
	...notificationsInbox.zhCN,
	...publicResults.zhCN,
	...records.zhCN,
	...search.zhCN,
	...security.zhCN,
	...workbench.zhCN,
	...attendanceAndReach.zhCN,
	...writesOnce.zhCN,
	...imRobots.zhCN,
	...imRobotResults.zhCN,
} as const;

export type MessageKey = keyof typeof zhCN;
