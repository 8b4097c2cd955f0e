import { z } from "zod";

/** The forgotten-password form: the sign-in email; messages are i18n keys. */
export const forgotPasswordSchema = z.object({
	email: z.email({ error: "people.error.email" }).max(320, "people.error.email").trim().toLowerCase(),
});
