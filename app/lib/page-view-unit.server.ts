import type { MiddlewareFunction } from "react-router";
import { withRequestUnit } from "#db/request-unit.ts";
import { servicesContext } from "./app-context.server.ts";

/**
 * Root middleware: a GET (a page view or its data) runs every database read in one unit of work,
 * committed after the page is rendered (ADR 0009). Actions (POST) keep one transaction per use
 * case, so a refused step never holds or aborts anything else.
 */
export const pageViewUnit: MiddlewareFunction<Response> = async ({ request, context }, next) => {
	const method = request.method.toUpperCase();
	if (method !== "GET" && method !== "HEAD") return next();
	const { db } = context.get(servicesContext);
	return withRequestUnit(db.app, { combineBegin: db.kind === "postgres" }, () => next());
};
