/** Texts of writes that happen once and of character counts (issue 27): zh-CN first, English key for key. */
export const zhCN = {
	"form.error.race": "同一时刻有其他提交改变了这里的内容，您的这次提交未被保存。请刷新页面，确认后再提交。",
	"form.error.pending": "这份表单刚刚已经提交，正在处理中。请稍候刷新页面查看结果，不必重复提交。",
	"form.count": "{count}/{max} 字",
	"form.countOver": "{count}/{max} 字，超出 {over} 字，请删减后再提交",
} as const;

export const en: Record<keyof typeof zhCN, string> = {
	"form.error.race":
		"Another submission changed this at the same moment, so yours was not saved. Reload the page, check, and submit again.",
	"form.error.pending":
		"This form was just submitted and is still being processed. Reload the page in a moment to see the result; there is no need to submit again.",
	"form.count": "{count}/{max} characters",
	"form.countOver": "{count}/{max} characters: {over} over the limit, please shorten it before submitting",
};
