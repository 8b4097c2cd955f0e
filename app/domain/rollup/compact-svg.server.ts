/**
 * ECharts' server-side SVG, made safe for our CSP and small (rollup-charts.server.ts): the same
 * picture in about half the markup. It is sent inside the statistics page, so every byte here is a
 * byte of each page view.
 *
 * - CSP (style-src 'self'): the <style> element (hover rules only, useless in a static chart) is
 *   dropped and style="…" attributes become presentation attributes.
 * - What a static, inline chart never uses: ECharts' hit areas and background (invisible shapes),
 *   its metadata for its own browser runtime (ecmeta_*), the classes of the dropped <style>, the XML
 *   namespace declarations (HTML knows <svg>), attributes set to their default, line breaks.
 * - Numbers: coordinates and lengths to one decimal (a tenth of a CSS pixel), except the path of a
 *   scaled shape (a line chart's symbols), whose own units are larger: a circle drawn as two arcs
 *   from (1, 0) to (1, -0.0001) would close on itself.
 * - Consecutive paths that differ only in their shape become one path (grid lines, one series' bars),
 *   without the bars of zero length (they paint nothing).
 * - Consecutive texts share their inherited paint (anchor, colour, halo) on a <g> around them.
 * - The font family, the same for every text, is written once on <svg> (it is inherited); each text
 *   keeps its own size, and is placed by x and y rather than by a translation.
 */
export function compactSvg(svg: string): string {
	const drawn = svg
		.replace(/<style[^>]*>[\s\S]*?<\/style>/g, "")
		.replace(/\n/g, "")
		.replace(/<([a-zA-Z]+)((?:\s+[\w:-]+="[^"]*")*)\s*>(<\/\1>)?/g, (_, name: string, attributes: string, close) =>
			element(name, attributes, close !== undefined),
		);
	return groupTexts(mergePaths(drawn)).replace(
		"<svg ",
		'<svg role="img" aria-hidden="true" focusable="false" font-family="sans-serif" ',
	);
}

/** One element's opening tag (self-closed when it was empty, left out when it paints nothing), its attributes tidied. */
function element(name: string, source: string, empty: boolean): string {
	const attributes = new Map<string, string>();
	for (const [, key, value] of source.matchAll(/([\w:-]+)="([^"]*)"/g)) {
		if (key === "style") for (const [k, v] of declarations(value ?? "")) attributes.set(k, v);
		else attributes.set(key as string, value as string);
	}
	if (empty && invisible(name, attributes)) return "";
	if (name === "text") placeText(attributes);
	const kept: string[] = [];
	const scaled = /^matrix\(/.test(attributes.get("transform") ?? "");
	for (const [key, value] of attributes) {
		if (dropped(name, key, value)) continue;
		kept.push(` ${key}="${numbers(key, value, scaled)}"`);
	}
	return `<${name}${kept.join("")}${empty ? "/>" : ">"}`;
}

/** A text moved by a translation only is placed by x and y instead (the same place, in fewer bytes). */
function placeText(attributes: Map<string, string>) {
	const moved = /^translate\((-?[\d.]+)(?:[\s,]+(-?[\d.]+))?\)$/.exec(attributes.get("transform") ?? "");
	const at = (key: string) => attributes.get(key) ?? "0";
	if (!moved || !/^-?[\d.]+$/.test(at("x")) || !/^-?[\d.]+$/.test(at("y"))) return;
	attributes.delete("transform");
	attributes.set("x", String(Number(at("x")) + Number(moved[1])));
	attributes.set("y", String(Number(at("y")) + Number(moved[2] ?? 0)));
}

function declarations(style: string): [string, string][] {
	return style
		.split(";")
		.map((d) => d.trim())
		.filter(Boolean)
		.map((d) => {
			const [name = "", ...value] = d.split(":");
			return [name.trim(), value.join(":").trim().replaceAll('"', "&quot;")];
		});
}

/** Attribute values that are their default, or that only ECharts' own runtime or the dropped <style> reads. */
const defaults: Record<string, string> = {
	"text-anchor": "start",
	"stroke-linecap": "butt",
	"fill-opacity": "1",
	"stroke-opacity": "1",
	opacity: "1",
};
function dropped(name: string, key: string, value: string): boolean {
	if (key.startsWith("ecmeta_") || key === "pointer-events" || key === "class") return true;
	if (name === "svg" && (key.startsWith("xmlns") || key === "version" || key === "baseProfile")) return true;
	if (name === "text" && key === "font-family" && value === "sans-serif") return true;
	return defaults[key] === value;
}

/** Shapes that paint nothing: no fill and no stroke (ECharts' hit areas and background). */
function invisible(name: string, attributes: Map<string, string>): boolean {
	if (name !== "path" && name !== "rect") return false;
	const fill = attributes.get("fill");
	const noFill = fill === "none" || attributes.get("fill-opacity") === "0";
	const noStroke = !attributes.has("stroke") || attributes.get("stroke-width") === "0";
	return noFill && noStroke;
}

const oneDecimal = (n: string) => String(Math.round(Number(n) * 10) / 10);
const threeDecimals = (n: string) => String(Math.round(Number(n) * 1000) / 1000);
const number = /-?\d*\.\d+(?:e-?\d+)?/g;

/** Coordinates to a tenth of a pixel; a scaled shape's own path as drawn, its scale to a thousandth. */
function numbers(key: string, value: string, scaled: boolean): string {
	if (key === "d") return scaled ? value : value.replace(number, oneDecimal);
	if (key === "x" || key === "y" || key === "width" || key === "height") return value.replace(number, oneDecimal);
	if (key === "stroke-width") return value.replace(number, threeDecimals);
	if (key === "transform") {
		const matrix = /^matrix\(([^)]*)\)$/.exec(value);
		if (!matrix) return value.replace(number, oneDecimal);
		const parts = (matrix[1] as string).split(/[\s,]+/);
		return `matrix(${parts.map((p, i) => (i < 4 ? threeDecimals(p) : oneDecimal(p))).join(",")})`;
	}
	return value;
}

/**
 * Runs of paths with the same attributes but their shape, drawn one after the other, as one path
 * (each shape a subpath that starts with an absolute move). Not for see-through paint, where two
 * overlapping shapes in one path would paint their overlap once instead of twice.
 */
function mergePaths(svg: string): string {
	return svg.replace(/<path d="(M[^"]*)"([^>]*)\/>(?:<path d="M[^"]*"\2\/>)+/g, (run: string, _d, rest: string) => {
		if (/opacity/.test(rest)) return run;
		const shapes = [...run.matchAll(/<path d="([^"]*)"/g)].map((m) => m[1]);
		const d = rest.includes("stroke=") ? shapes.join("") : shapes.join("").replace(zeroBar, "");
		return `<path d="${d || "M0 0"}"${rest}/>`;
	});
}

/** A bar of zero length, as ECharts draws it: a rectangle with no width (or no height). */
const zeroBar = /M-?[\d.]+ -?[\d.]+(?:l0 0l0 -?[\d.]+l0 0|l-?[\d.]+ 0l0 0l-?[\d.]+ 0)Z/g;

/** Presentation attributes a text inherits from its group (its size stays its own: the page's tests read it there). */
const inherited = ["text-anchor", "fill", "stroke", "stroke-width", "paint-order", "stroke-miterlimit"];

/** Runs of texts with the same inherited paint, inside one <g> that carries it. */
function groupTexts(svg: string): string {
	return svg.replace(/(?:<text [^>]*>[^<]*<\/text>)+/g, (run: string) => {
		const texts = [...run.matchAll(/<text ([^>]*)>([^<]*)<\/text>/g)].map(([, source = "", content]) => {
			const own: string[] = [];
			const shared: string[] = [];
			for (const [attribute, key] of source.matchAll(/([\w:-]+)="[^"]*"/g))
				(inherited.includes(key as string) ? shared : own).push(attribute);
			return { own: own.join(" "), shared: shared.join(" "), content };
		});
		let out = "";
		for (let i = 0; i < texts.length; ) {
			const shared = texts[i]?.shared ?? "";
			let j = i;
			while (j < texts.length && texts[j]?.shared === shared) j++;
			const inner = texts
				.slice(i, j)
				.map((t) => `<text ${t.own}>${t.content}</text>`)
				.join("");
			out += j - i > 1 && shared ? `<g ${shared}>${inner}</g>` : texts.slice(i, j).map(whole).join("");
			i = j;
		}
		return out;
	});
}
const whole = (t: { own: string; shared: string; content?: string }) =>
	`<text ${[t.own, t.shared].filter(Boolean).join(" ")}>${t.content}</text>`;
