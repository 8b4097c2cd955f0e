import { z } from "zod";
import { choiceList } from "../list-fields.ts";
import { type Role, roles } from "../tenancy/roles.ts";
import { line } from "../text-fields.ts";

/** Only the defined roles, each once: never more than there are. */
const roleList = choiceList(z.enum(roles as [Role, ...Role[]], { error: "people.error.roles" }), roles.length, {
	error: "people.error.roles",
}).refine((chosen) => chosen.length > 0, "people.error.roles");

/** Adding a member; messages are i18n keys. */
export const addMemberSchema = z.object({
	displayName: line(100, "people.error.required"),
	email: z.email({ error: "people.error.email" }).trim().toLowerCase(),
	phone: z
		.string()
		.trim()
		.regex(/^[0-9+() -]{5,20}$/, "people.error.phone")
		.optional(),
	roles: roleList,
});

export type AddMemberInput = z.infer<typeof addMemberSchema>;

export const memberRolesSchema = z.object({ roles: roleList });

export const newPasswordSchema = z
	.object({
		password: z.string({ error: "people.error.password" }).min(10, "people.error.password").max(200),
		confirm: z.string({ error: "people.error.confirm" }),
	})
	.refine((v) => v.password === v.confirm, { path: ["confirm"], message: "people.error.confirm" });

/** A person new to the platform joins from an invitation link: their name and their own password. */
export const joinSchema = z
	.object({
		displayName: line(100, "people.error.required"),
		password: z.string({ error: "people.error.password" }).min(10, "people.error.password").max(200),
		confirm: z.string({ error: "people.error.confirm" }),
	})
	.refine((v) => v.password === v.confirm, { path: ["confirm"], message: "people.error.confirm" });

/** The person changes their own password: the current one, then the new one twice. */
export const changePasswordSchema = z
	.object({
		current: z.string({ error: "account.error.current" }).min(1, "account.error.current").max(200),
		password: z.string({ error: "people.error.password" }).min(10, "people.error.password").max(200),
		confirm: z.string({ error: "people.error.confirm" }),
	})
	.refine((v) => v.password === v.confirm, { path: ["confirm"], message: "people.error.confirm" });
