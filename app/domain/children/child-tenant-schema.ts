import { z } from "zod";

export const childKinds = ["county", "zone", "industry"] as const;

/** The create-child form; messages are i18n keys. */
export const childTenantSchema = z.object({
	kind: z.enum(childKinds, { error: "children.error.kind" }),
	name: z
		.string({ error: "children.error.required" })
		.trim()
		.min(1, "children.error.required")
		.max(100, "children.error.tooLong"),
	govName: z
		.string({ error: "children.error.required" })
		.trim()
		.min(1, "children.error.required")
		.max(100, "children.error.tooLong"),
	unionName: z
		.string({ error: "children.error.required" })
		.trim()
		.min(1, "children.error.required")
		.max(100, "children.error.tooLong"),
	divisionCode: z
		.string()
		.trim()
		.regex(/^\d{6}$/, "children.error.divisionCode")
		.optional(),
	slug: z
		.string({ error: "children.error.required" })
		.trim()
		.toLowerCase()
		.regex(/^[a-z][a-z0-9-]{1,38}[a-z0-9]$/, "children.error.slug"),
	adminName: z
		.string({ error: "children.error.required" })
		.trim()
		.min(1, "children.error.required")
		.max(100, "children.error.tooLong"),
	adminEmail: z.email({ error: "children.error.email" }).trim().toLowerCase(),
});

export type ChildTenantInput = z.infer<typeof childTenantSchema>;
