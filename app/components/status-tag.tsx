const tones = {
	neutral: "bg-slate-100 text-slate-800 ring-slate-300",
	info: "bg-blue-50 text-blue-900 ring-blue-200",
	good: "bg-green-50 text-green-900 ring-green-300",
	warn: "bg-amber-50 text-amber-900 ring-amber-300",
	bad: "bg-red-50 text-red-900 ring-red-300",
} as const;

export type Tone = keyof typeof tones;

/** A small status label; the text carries the meaning, the colour only helps. */
export function StatusTag({ tone, children }: { tone: Tone; children: React.ReactNode }) {
	return (
		<span className={`inline-block rounded px-2 py-0.5 text-xs whitespace-nowrap ring-1 ${tones[tone]}`}>
			{children}
		</span>
	);
}
