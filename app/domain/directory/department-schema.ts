import { z } from "zod";
import { line } from "../text-fields.ts";

export const departmentSides = ["gov", "union"] as const;
export const departmentCategories = ["comprehensive", "functional"] as const;

/** The department form; messages are i18n keys. */
export const departmentSchema = z.object({
	name: line(100, "dept.error.required"),
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
