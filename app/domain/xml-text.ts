/**
 * Text placed in XML (the Atom feed, OFD parts, SVG): the five special characters as references.
 * XML 1.0 forbids most control characters even as references: they are dropped.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
const notXmlChar = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

export function escapeXml(value: string): string {
	return value
		.replace(notXmlChar, "")
		.replace(
			/[&<>"']/g,
			(c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c] as string,
		);
}
