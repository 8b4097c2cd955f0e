import { type EmailCategory, emailCategories } from "#db/schema.ts";

/** What a person can turn off by email, category by category (in-app notifications always arrive). */
export { type EmailCategory, emailCategories };
