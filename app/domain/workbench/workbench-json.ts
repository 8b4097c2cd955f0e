import type { Compilable } from "kysely";

/** The values the workbench's statement is run with (its template's stand-ins). */
export type BenchValues = { tenantId: string; userId: string };

/** A row as it arrives inside JSON (`jsonArrayFrom`): timestamps are ISO strings. */
type Jsonified<T> = { [K in keyof T]: Date extends T[K] ? Exclude<T[K], Date> | string : T[K] };

/** The JSON row of a section: what its query selects, with timestamps as strings. */
export type JsonRow<Section extends (...args: never[]) => Compilable<unknown>> =
	ReturnType<Section> extends Compilable<infer Row> ? Jsonified<Row> : never;

/** A timestamp read from JSON, as the driver would have given it (a Date). */
export function timestamp(value: string | Date | null): Date | null {
	return value === null ? null : new Date(value);
}
