import { z } from "zod";
import { line } from "../text-fields.ts";

export const childKinds = ["county", "zone", "industry"] as const;

/** A unit's address in URLs (`/t/<slug>`, `/p/<slug>`), as the tenants table checks it (migration 2026-11-23T0900). */
export const unitSlugShape = /^[a-z][a-z0-9-]{1,38}[a-z0-9]$/;

/** The create-child form; messages are i18n keys. */
export const childTenantSchema = z.object({
	kind: z.enum(childKinds, { error: "children.error.kind" }),
	name: line(100, "children.error.required"),
	govName: line(100, "children.error.required"),
	unionName: line(100, "children.error.required"),
	divisionCode: z
		.string()
		.trim()
		.regex(/^\d{6}$/, "children.error.divisionCode")
		.optional(),
	slug: z.string({ error: "children.error.required" }).trim().toLowerCase().regex(unitSlugShape, "children.error.slug"),
	adminName: line(100, "children.error.required"),
	adminEmail: z.email({ error: "children.error.email" }).trim().toLowerCase(),
});

export type ChildTenantInput = z.infer<typeof childTenantSchema>;
