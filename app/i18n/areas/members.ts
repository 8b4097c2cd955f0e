/** Texts of the members area: zh-CN first, English key for key. */
export const zhCN = {} as const;

export const en: Record<keyof typeof zhCN, string> = {};
