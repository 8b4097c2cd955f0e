/** A message about what just happened: success is announced politely, errors as alerts. */
export function Notice({
	tone,
	children,
	className = "",
}: {
	tone: "success" | "error";
	children: React.ReactNode;
	className?: string;
}) {
	const style =
		tone === "success" ? "border-green-300 bg-green-50 text-green-900" : "border-red-300 bg-red-50 text-red-900";
	return (
		<div
			role={tone === "success" ? "status" : "alert"}
			className={`rounded border px-3 py-2 text-sm ${style} ${className}`}
		>
			{children}
		</div>
	);
}
