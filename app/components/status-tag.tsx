/** The tones' classes (app/app.css: `tag` and `tag-<tone>`). */
const tones = {
	neutral: "tag tag-neutral",
	info: "tag tag-info",
	good: "tag tag-good",
	warn: "tag tag-warn",
	bad: "tag tag-bad",
} as const;

export type Tone = keyof typeof tones;

/** A small status label; the text carries the meaning, the colour only helps. */
export function StatusTag({ tone, children }: { tone: Tone; children: React.ReactNode }) {
	return <span className={tones[tone]}>{children}</span>;
}
