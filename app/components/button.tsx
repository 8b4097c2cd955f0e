/** The classes of the app's buttons, for a link that looks like one. */
export const buttonClass = {
	primary:
		"rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700 disabled:opacity-70",
	secondary:
		"rounded border border-slate-400 bg-white px-4 py-2 text-sm text-slate-900 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700 disabled:opacity-70",
} as const;

/** The app's buttons: one obvious primary action per page, secondary ones beside it. */
export function Button({
	variant = "primary",
	className = "",
	...props
}: React.ButtonHTMLAttributes<HTMLButtonElement> & { variant?: keyof typeof buttonClass }) {
	return <button {...props} className={`${buttonClass[variant]} ${className}`} />;
}
