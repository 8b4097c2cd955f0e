import { describe, expect, it } from "vitest";
import { HttpClient } from "#tests/support/http-client.ts";

/** The statistics page's charts travel once (ChartFigure, rollup-chart-data.server.ts). */
describe("statistics charts", () => {
	it("are in a page's HTML once, and in the data of a page the browser draws itself", async () => {
		const office = new HttpClient();
		await office.signIn("gov_office@smx.demo");
		const html = await (await office.request("/t/smx/reports?year=2024")).text();
		// Eight drawings inline (four charts, for a phone and wider), none in the scripts that hydrate the page.
		const inline = html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
		expect(inline).toHaveLength(8);
		const scripts = [...html.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join("");
		expect(scripts).toContain("议题类别分布");
		expect(scripts).not.toMatch(/<svg|\\u003csvg/i);
		// Each drawing under its chart's id, where hydration finds it.
		expect(html.match(/data-chart="(adoption|meetings|matters|topics)" data-chart-size="(narrow|wide)"/g)).toHaveLength(
			8,
		);
		// Followed from another page without reloading, the same charts come with the data.
		const data = await (await office.request("/t/smx/reports.data?year=2024")).text();
		expect(data.match(/<svg /g)).toHaveLength(8);
		expect(data).toContain('width=\\"600\\"');
	});
});
