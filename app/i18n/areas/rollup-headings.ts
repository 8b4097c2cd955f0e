/**
 * The statistics table's column headings as drawn (issue #21, item 9): short enough that the whole
 * table fits from 1024 px in both languages. "|" marks where a Chinese heading may wrap (between
 * words, never inside one); English wraps at its spaces. The full heading (reports.col.*) is what
 * screen readers hear and what the mouse shows over an abbreviation.
 */
export const zhCN = {
	"reports.colShort.regular": "年度|例会",
	"reports.colShort.extraordinary": "临时|会议",
	"reports.colShort.minutes": "纪要|印发",
	"reports.colShort.minutesDays": "平均|印发|天数",
	"reports.colShort.matters": "议定|事项",
	"reports.colShort.inProgress": "办理中",
	"reports.colShort.repliesOverdue": "督办|逾期|未答复",
	"reports.colShort.onTime": "按期|办结率",
	"reports.colShort.closeDays": "平均|办结|天数",
};

export const en: Record<keyof typeof zhCN, string> = {
	"reports.colShort.regular": "Annual meeting",
	"reports.colShort.extraordinary": "Extra.",
	"reports.colShort.minutes": "Minutes issued",
	"reports.colShort.minutesDays": "Days to issue",
	"reports.colShort.matters": "Matters",
	"reports.colShort.inProgress": "Open",
	"reports.colShort.repliesOverdue": "Replies late",
	"reports.colShort.onTime": "On time",
	"reports.colShort.closeDays": "Days to close",
};
