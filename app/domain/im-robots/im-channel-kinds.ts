/** The platforms a unit's group robot can live on. */
export const imChannelKinds = ["wecom", "dingtalk", "feishu"] as const;
export type ImChannelKind = (typeof imChannelKinds)[number];

export function isImChannelKind(value: unknown): value is ImChannelKind {
	return typeof value === "string" && (imChannelKinds as readonly string[]).includes(value);
}

/**
 * What a channel can carry: the notification categories of the email settings (a notification's
 * category is emailCategoryOf(kind)); "account" notifications never go to a group.
 */
export const imCategories = ["meetings", "minutes", "matters", "reminders", "digest"] as const;
export type ImCategory = (typeof imCategories)[number];
