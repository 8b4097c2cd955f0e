import { sha256 } from "@oslojs/crypto/sha2";
import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";

/** 20 random bytes = 160 bits, base32 (32 characters). */
function randomPart(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

interface NewToken {
	/** `<id>.<secret>`: goes to the cookie only. */
	token: string;
	id: string;
	/** SHA-256 of the secret: the only part stored. */
	secretHash: Uint8Array;
}

export function generateSessionToken(): NewToken {
	const id = randomPart();
	const secret = randomPart();
	return { token: `${id}.${secret}`, id, secretHash: hashSecret(secret) };
}

/** SHA-256 of a session secret: what is stored, and what the database compares (app_session_access). */
export function hashSecret(secret: string): Uint8Array {
	return sha256(new TextEncoder().encode(secret));
}

const tokenShape = /^([a-z2-7]{32})\.([a-z2-7]{32})$/;

export function parseSessionToken(token: string): { id: string; secret: string } | null {
	const match = tokenShape.exec(token);
	return match ? { id: match[1] as string, secret: match[2] as string } : null;
}

export function secretMatches(secret: string, storedHash: Uint8Array): boolean {
	return hashMatches(hashSecret(secret), storedHash);
}

/** A secret's hash, already computed, against the stored one, in constant time. */
export function hashMatches(secretHash: Uint8Array, storedHash: Uint8Array): boolean {
	return constantTimeEqual(secretHash, new Uint8Array(storedHash));
}
