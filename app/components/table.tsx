/** A column header of the app's data tables. */
export function Th({ children, className = "" }: { children?: React.ReactNode; className?: string }) {
	return (
		<th scope="col" className={`px-4 py-2 font-medium ${className}`.trim()}>
			{children}
		</th>
	);
}

/**
 * The box a wide table scrolls sideways in: reachable by keyboard (a region with a name, in the tab
 * order) so the part out of view can be scrolled to without a mouse (axe: scrollable-region-focusable).
 * `relative` keeps screen-reader-only texts inside from widening the page.
 */
export function ScrollBox({
	label,
	className = "",
	children,
}: {
	label: string;
	className?: string;
	children: React.ReactNode;
}) {
	return (
		<section
			aria-label={label}
			// biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be focusable to scroll by keyboard (WCAG 2.1.1)
			tabIndex={0}
			className={`relative overflow-x-auto focus-visible:outline-2 focus-visible:outline-blue-700 ${className}`.trim()}
		>
			{children}
		</section>
	);
}
