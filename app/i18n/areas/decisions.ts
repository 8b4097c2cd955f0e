/** Texts of decisions: their words (意见, 理由), confirmations and the history of an item. */
export const zhCN = {
	"decision.comment": "意见（可不填）",
	"decision.reason": "理由（必填）",
	"decision.cancel": "返回",
	"decision.confirm": "确认{action}",
	"decision.commentLine": "意见：{comment}",
	"meetings.error.cancelAwaitsOtherSide": "您方已同意取消会议，正在等待另一方领导表态。",
	"meetings.done.cancelAwaiting": "您方已同意取消会议，已请另一方领导表态；双方都同意后会议即取消。",
	"notifications.kind.meeting.cancel_awaited": "对方领导提出取消会议，待您表态：{title}",
	"meetings.cancelPending": "{side}领导已同意取消（{name}，{at}）：{reason}。另一方领导同意后会议即取消。",
	"meetings.action.cancelBoth": "同意取消会议",
	"meetings.cancelNeedsBoth":
		"政府方已同意召开：取消会议须双方领导各自同意（政府主要负责同志或联系工会工作的副职领导，工会主席或副主席）。",
	"topic.error.pendingOpinions": "还有征求意见未答复。请在确认框中勾选“未等答复即同意”后再提交，或等部门答复后再同意。",
	"topic.error.withdrawAwaitsOtherSide": "您方已同意撤回该议题，正在等待另一方领导表态。",
	"topic.error.withdrawAgreedNeedsLeaders": "双方已同意的议题，须由双方议定议题的领导各自同意后才能撤回。",
	"topic.error.withdrawOwnSideOnly": "议题只能由提出议题的一方撤回。",
	"topic.pendingOpinions": "以下征求意见尚未答复：",
	"topic.confirmPending": "未等答复即同意",
	"topic.withdrawPending": "{side}已同意撤回（{name}）：{reason}。另一方领导同意后即撤回。",
	"topic.done.withdrawAwaiting": "您方已同意撤回该议题，已请另一方领导表态。",
	"topic.withdrawReason": "撤回理由：{reason}",
	"notifications.kind.topic.withdrawn": "议题已撤回：{title}",
	"notifications.kind.topic.withdrawal_awaited": "对方提出撤回已议定的议题，待您表态：{title}",
	"minutes.issue.willTake": "印发后将编号为“{number}”（当年下一个编号；编号一经使用不能收回）。",
	"minutes.issue.recipients":
		"将生成 {count} 项议定事项，交办并通知：{departments}；同时通知政府办公室和工会工作人员。",
	"minutes.issue.noMatters": "本纪要没有议定事项；印发后通知政府办公室和工会工作人员。",
	"minutes.issue.final": "印发后纪要不能再修改或撤回。",
	"matters.action.extend": "申请延期",
	"matters.action.approve_extension": "同意延期",
	"matters.action.refuse_extension": "不同意延期",
	"matters.error.state.approve_extension": "该事项已不在办理中，不能再批准延期。",
	"matters.error.state.refuse_extension": "该事项已不在办理中。",
	"matters.error.extensionOpen": "已有一份延期申请等待领导审批，审批后才能再次申请。",
	"matters.error.noExtensionOpen": "没有等待审批的延期申请。",
	"matters.kind.extension_requested": "申请延期",
	"matters.kind.extension_approved": "同意延期",
	"matters.kind.extension_refused": "不同意延期",
	"matters.extensionPending": "延期申请待审批：申请延至 {deadline}。由联系工会工作的副职领导或政府副秘书长审批。",
	"matters.originalDeadline": "原定时限 {deadline}",
	"matters.extendedAfterOverdue": "逾期后延期",
	"matters.verify.consequence": "确认办结后，该事项计为已办结，不再提醒和催办；如有反复，可重新打开。",
	"notifications.kind.matter.approve_extension": "延期申请已同意：{title}",
	"notifications.kind.matter.refuse_extension": "延期申请未同意：{title}",
	"meetings.page.acceptComment": "同意召开时的意见：{comment}",
	"audit.col.words": "意见或理由",
	"reports.col.extendedAfterOverdue": "逾期后延期",
	"reports.extendedAfterOverdue": "逾期后延期 {count}",
	"decision.side.gov": "政府方",
	"decision.side.union": "工会方",
};

export const en: Record<keyof typeof zhCN, string> = {
	"decision.comment": "Comment (optional)",
	"decision.reason": "Reason (required)",
	"decision.cancel": "Back",
	"decision.confirm": "Confirm: {action}",
	"decision.commentLine": "Comment: {comment}",
	"meetings.error.cancelAwaitsOtherSide":
		"Your side agreed to cancel the meeting; the other side's leader has yet to decide.",
	"meetings.done.cancelAwaiting":
		"Your side agreed to cancel the meeting and the other side's leaders were asked; it is cancelled once both agree.",
	"notifications.kind.meeting.cancel_awaited":
		"The other side proposes to cancel the meeting; your decision is awaited: {title}",
	"meetings.cancelPending":
		"The {side} leader agreed to cancel ({name}, {at}): {reason}. The meeting is cancelled once the other side's leader agrees.",
	"meetings.action.cancelBoth": "Agree to cancel the meeting",
	"meetings.cancelNeedsBoth":
		"The government side accepted the meeting: cancelling it takes a leader of each side (the government head or liaison vice-head, the union chair or a vice-chair).",
	"topic.error.pendingOpinions":
		"Some opinion requests are unanswered. Tick “Agree without waiting for the answers” to go ahead, or agree once the departments answered.",
	"topic.error.withdrawAwaitsOtherSide":
		"Your side agreed to withdraw this topic; the other side's leader has yet to decide.",
	"topic.error.withdrawAgreedNeedsLeaders":
		"A topic both sides agreed is withdrawn only once an agreeing leader of each side consents.",
	"topic.error.withdrawOwnSideOnly": "A topic is withdrawn only by the side that proposed it.",
	"topic.pendingOpinions": "These opinion requests are not answered yet:",
	"topic.confirmPending": "Agree without waiting for the answers",
	"topic.withdrawPending":
		"The {side} agreed to withdraw it ({name}): {reason}. It is withdrawn once the other side's leader agrees.",
	"topic.done.withdrawAwaiting": "Your side agreed to withdraw this topic; the other side's leaders were asked.",
	"topic.withdrawReason": "Withdrawn: {reason}",
	"notifications.kind.topic.withdrawn": "Topic withdrawn: {title}",
	"notifications.kind.topic.withdrawal_awaited":
		"The other side proposes to withdraw an agreed topic; your decision is awaited: {title}",
	"minutes.issue.willTake":
		"Once issued it is numbered “{number}” (the year's next number; a number once used is never reused).",
	"minutes.issue.recipients":
		"{count} decided matter(s) will be created and assigned, and these departments told: {departments}; the government office and union staff are told too.",
	"minutes.issue.noMatters":
		"These minutes have no decided matters; the government office and union staff are told once issued.",
	"minutes.issue.final": "Issued minutes can no longer be changed or withdrawn.",
	"matters.action.extend": "Request an extension",
	"matters.action.approve_extension": "Grant the extension",
	"matters.action.refuse_extension": "Refuse the extension",
	"matters.error.state.approve_extension": "The matter is no longer open; an extension can no longer be granted.",
	"matters.error.state.refuse_extension": "The matter is no longer open.",
	"matters.error.extensionOpen":
		"An extension request already awaits a leader's decision; ask again once it is decided.",
	"matters.error.noExtensionOpen": "No extension request awaits a decision.",
	"matters.kind.extension_requested": "Extension requested",
	"matters.kind.extension_approved": "Extension granted",
	"matters.kind.extension_refused": "Extension refused",
	"matters.extensionPending":
		"An extension to {deadline} awaits a decision by the liaison vice-head or the deputy secretary-general.",
	"matters.originalDeadline": "decided deadline {deadline}",
	"matters.extendedAfterOverdue": "extended after it was overdue",
	"matters.verify.consequence":
		"Once verified, the matter counts as closed and is no longer reminded or chased; it can be reopened if needed.",
	"notifications.kind.matter.approve_extension": "Extension granted: {title}",
	"notifications.kind.matter.refuse_extension": "Extension refused: {title}",
	"meetings.page.acceptComment": "Comment given when accepting: {comment}",
	"audit.col.words": "Comment or reason",
	"reports.col.extendedAfterOverdue": "Extended after overdue",
	"reports.extendedAfterOverdue": "{count} extended after overdue",
	"decision.side.gov": "government side",
	"decision.side.union": "union side",
};
