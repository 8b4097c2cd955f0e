import { z } from "zod";

export const departmentSides = ["gov", "union"] as const;
export const departmentCategories = ["comprehensive", "functional"] as const;

/** The department form; messages are i18n keys. */
export const departmentSchema = z.object({
	name: z.string({ error: "dept.error.required" }).trim().min(1, "dept.error.required").max(100, "dept.error.tooLong"),
	side: z.enum(departmentSides, { error: "dept.error.side" }),
	category: z.enum(departmentCategories, { error: "dept.error.category" }),
	sortOrder: z.coerce
		.number({ error: "dept.error.sort" })
		.int("dept.error.sort")
		.min(0, "dept.error.sort")
		.max(9999, "dept.error.sort")
		.default(0),
});

export type DepartmentInput = z.infer<typeof departmentSchema>;

export const liaisonSchema = z.object({ userId: z.uuid({ error: "dept.error.liaison" }) });
