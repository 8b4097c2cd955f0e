/** Texts of 督办 not answered by their reply day, in the statistics and its Excel export (issue #21). */
export const zhCN = {
	"reports.col.repliesOverdue": "督办逾期未答复",
};

export const en: Record<keyof typeof zhCN, string> = {
	"reports.col.repliesOverdue": "Supervision replies overdue",
};
