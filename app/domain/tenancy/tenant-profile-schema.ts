import { z } from "zod";

/** The form's fields; messages are i18n keys, translated where the form is rendered. */
export const tenantProfileSchema = z.object({
	name: z.string({ error: "settings.required" }).trim().min(1, "settings.required").max(100, "settings.tooLong"),
	govName: z.string({ error: "settings.required" }).trim().min(1, "settings.required").max(100, "settings.tooLong"),
	unionName: z.string({ error: "settings.required" }).trim().min(1, "settings.required").max(100, "settings.tooLong"),
	divisionCode: z
		.string()
		.trim()
		.regex(/^\d{6}$/, "settings.divisionCodeInvalid")
		.optional(),
});

export type TenantProfile = z.infer<typeof tenantProfileSchema>;
