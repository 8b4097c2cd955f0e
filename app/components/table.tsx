/** A column header of the app's data tables. */
export function Th({ children, className = "" }: { children?: React.ReactNode; className?: string }) {
	return (
		<th scope="col" className={`px-4 py-2 font-medium ${className}`.trim()}>
			{children}
		</th>
	);
}
