import { z } from "zod";
import { line } from "../text-fields.ts";

/** The form's fields; messages are i18n keys, translated where the form is rendered. */
export const tenantProfileSchema = z.object({
	name: line(100, "settings.required"),
	govName: line(100, "settings.required"),
	unionName: line(100, "settings.required"),
	divisionCode: z
		.string()
		.trim()
		.regex(/^\d{6}$/, "settings.divisionCodeInvalid")
		.optional(),
});

export type TenantProfile = z.infer<typeof tenantProfileSchema>;
