/** Texts of O3 leave and attendance, and of departments without liaisons (O2, O6): zh-CN first, English key for key. */
export const zhCN = {
	"meetings.error.leadersNotOnRoster":
		"按通知要求（出席人员），以下领导应出席会议，但未列入出席名单，也未登记请假：{who}。请将其列入出席名单，或由政府主要负责同志、联系工会工作的副职领导或工会主席登记请假。",
	"meetings.error.leadersAbsent":
		"以下应出席会议的领导被登记为缺席（或不在出席名单中），且未登记请假：{who}。请核对出席情况，或先由政府主要负责同志、联系工会工作的副职领导或工会主席登记请假。",
	"meetings.error.state.record_leave": "会议召开前才能登记或撤销请假。",
	"prep.missing.union_vice_chair": "工会副主席",
	"prep.missingPeople": "按通知要求，以下领导应出席，尚未列入出席名单也未请假：{list}",
	"prep.capacity.leave": "请假",
	"prep.leave.title": "登记请假",
	"prep.leave.intro":
		"应出席的领导不能出席时，由政府主要负责同志、联系工会工作的副职领导或工会主席登记请假并写明事由。",
	"prep.leave.person": "请假人",
	"prep.leave.reason": "请假事由",
	"prep.leave.record": "登记请假",
	"prep.leave.withdraw": "撤销请假",
	"prep.leave.detail": "{reason}（{by}登记）",
	"prep.leave.done": "已登记请假。",
	"prep.leave.withdrawn": "已撤销请假。",
	"directory.unreachable.opinion": "{department}尚未绑定联络员，无法接收征求意见；已通知本单位管理员绑定。",
	"directory.unreachable.matter": "{department}尚未绑定联络员，无法作为议定事项的牵头部门；已通知本单位管理员绑定。",
	"directory.noLiaison": "未绑定联络员",
	"notifications.kind.department.liaison_missing": "{department}尚未绑定联络员，征求意见和议定事项无法送达，请绑定",
	"workbench.group.liaisons": "未绑定联络员的部门",
	"workbench.bindLiaison": "绑定联络员",
	"workbench.bindLiaisonOf": "（部门：{name}）",
} as const;

export const en: Record<keyof typeof zhCN, string> = {
	"meetings.error.leadersNotOnRoster":
		"Under the notice (attendance), these leaders must attend, but they are neither on the roster to attend nor on leave: {who}. Put them on the roster, or have the government head, the vice-head liaising with the union or the union chair record their leave.",
	"meetings.error.leadersAbsent":
		"These leaders who must attend are marked absent (or are not on the roster) without leave: {who}. Check the attendance, or have the government head, the vice-head liaising with the union or the union chair record their leave first.",
	"meetings.error.state.record_leave": "Leave is recorded or withdrawn only before the meeting is held.",
	"prep.missing.union_vice_chair": "the union vice-chairs",
	"prep.missingPeople":
		"The notice requires these leaders to attend; they are neither on the roster nor on leave: {list}",
	"prep.capacity.leave": "On leave",
	"prep.leave.title": "Record leave",
	"prep.leave.intro":
		"When a leader who must attend cannot come, the government head, the vice-head liaising with the union or the union chair records the leave and its reason.",
	"prep.leave.person": "Person",
	"prep.leave.reason": "Reason for leave",
	"prep.leave.record": "Record leave",
	"prep.leave.withdraw": "Withdraw leave",
	"prep.leave.detail": "{reason} (recorded by {by})",
	"prep.leave.done": "Leave recorded.",
	"prep.leave.withdrawn": "Leave withdrawn.",
	"directory.unreachable.opinion":
		"{department} has no liaison bound, so it cannot receive opinion requests; the unit's administrator has been asked to bind one.",
	"directory.unreachable.matter":
		"{department} has no liaison bound, so it cannot lead a decided matter; the unit's administrator has been asked to bind one.",
	"directory.noLiaison": "no liaison bound",
	"notifications.kind.department.liaison_missing":
		"{department} has no liaison bound, so opinion requests and decided matters cannot reach it: please bind one",
	"workbench.group.liaisons": "Departments without a liaison",
	"workbench.bindLiaison": "Bind a liaison",
	"workbench.bindLiaisonOf": " (department: {name})",
};
