import type { UnitFigures } from "#app/domain/rollup/rollup-figures.server.ts";

/**
 * The statistics' attention order written out for the tests, apart from the app's: more flags, more
 * overdue matters, more matters, then the name in code-point order (COLLATE "C") and the id.
 */
export const attentionOrder = (a: UnitFigures, b: UnitFigures) =>
	b.flags.length - a.flags.length ||
	b.mattersOverdue - a.mattersOverdue ||
	b.matters - a.matters ||
	(a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
	(a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
