import { useRouteLoaderData } from "react-router";
import { en } from "./en.ts";
import { type MessageKey, zhCN } from "./zh-CN.ts";

const languages = ["zh-CN", "en"] as const;
export type Lang = (typeof languages)[number];
export const defaultLang: Lang = "zh-CN";
export type { MessageKey };

const catalogs: Record<Lang, Record<MessageKey, string>> = { "zh-CN": zhCN, en };

/** A message key arriving at run time (a zod error, a search error): a key of the catalogue, or plain text. */
export function isMessageKey(value: string): value is MessageKey {
	return Object.hasOwn(zhCN, value);
}

export function isLang(value: unknown): value is Lang {
	return typeof value === "string" && (languages as readonly string[]).includes(value);
}

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** A translator for one language; `{name}` placeholders are filled from params. Made once per language. */
export function translator(lang: Lang): Translate {
	return translators[lang];
}

function makeTranslator(lang: Lang): Translate {
	const catalog = catalogs[lang];
	return (key, params) => {
		// An unknown key is shown as it is (server-made messages pass through the same helpers).
		const text = catalog[key] ?? key;
		if (!params) return text;
		return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
	};
}

const translators: Record<Lang, Translate> = { "zh-CN": makeTranslator("zh-CN"), en: makeTranslator("en") };

/** The language of the current page, from the root loader (zh-CN when the root failed to load). */
export function useLang(): Lang {
	const data = useRouteLoaderData("root") as { lang?: unknown } | undefined;
	return isLang(data?.lang) ? data.lang : defaultLang;
}

export function useT(): Translate {
	return translator(useLang());
}

/** `<title>` for a route's meta function, in the page's language: "页面 · 联席通". */
export function pageTitle(
	matches: readonly ({ id: string; loaderData?: unknown } | undefined)[],
	key: MessageKey,
	params?: Record<string, string | number>,
) {
	const root = matches.find((m) => m?.id === "root")?.loaderData as { lang?: unknown } | undefined;
	const t = translator(isLang(root?.lang) ? root.lang : defaultLang);
	return [{ title: `${t(key, params)} · ${t("app.name")}` }];
}

/** Punctuation between interface pieces: full-width in Chinese, ASCII with spaces in English. */
interface Punctuation {
	colon: string;
	open: string;
	close: string;
	list: string;
	semicolon: string;
}

const punctuationOf: Record<Lang, Punctuation> = {
	"zh-CN": { colon: "：", open: "（", close: "）", list: "、", semicolon: "；" },
	en: { colon: ": ", open: " (", close: ")", list: ", ", semicolon: "; " },
};

export function punctuation(lang: Lang): Punctuation {
	return punctuationOf[lang];
}

export function usePunctuation(): Punctuation {
	return punctuation(useLang());
}
