import { hash, verify } from "@node-rs/argon2";

// OWASP password storage cheat sheet, argon2id: m = 19 MiB, t = 2, p = 1. The package's default
// algorithm is argon2id; tests assert the $argon2id$ prefix.
const options = { memoryCost: 19_456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

export function hashPassword(password: string): Promise<string> {
	return hash(password, options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password);
	} catch {
		return false;
	}
}

// Verified against when the email is unknown, so that a miss costs as long as a wrong password.
let dummyHash: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<false> {
	dummyHash ??= hashPassword("not-a-real-password");
	await verifyPassword(await dummyHash, password);
	return false;
}
