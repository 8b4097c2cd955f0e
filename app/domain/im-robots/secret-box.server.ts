import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * Robot webhook URLs and secrets at rest (issue 23): AES-256-GCM from node:crypto, a random 12-byte
 * IV per value, the 16-byte tag, and the id of the key that sealed it, so keys can be rotated:
 * IM_SECRET_KEYS="k2:<base64 of 32 bytes>,k1:<…>" — the first seals, all of them open.
 *
 * Without IM_SECRET_KEYS, an embedded installation (no DATABASE_URL) or NODE_ENV development/test
 * uses a key generated once into DATA_DIR/im-secret-keys (mode 0600); a server installation in
 * production has no key, and the app refuses to store a channel.
 */
interface SealedValue {
	keyId: string;
	/** iv (12) | tag (16) | ciphertext */
	ciphertext: Buffer;
}

export interface SecretBox {
	/** The id of the key new values are sealed with. */
	keyId: string;
	seal(plain: string): SealedValue;
	open(sealed: { keyId: string; ciphertext: Uint8Array }): string;
}

interface SecretKeyRing {
	currentId: string;
	keys: ReadonlyMap<string, Buffer>;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID = /^[A-Za-z0-9_.-]{1,32}$/;

/** "k2:<base64>,k1:<base64>": every key 32 bytes, ids unique; the first is current. Throws a readable message. */
export function parseSecretKeys(text: string): SecretKeyRing {
	const keys = new Map<string, Buffer>();
	const entries = text
		.split(",")
		.map((e) => e.trim())
		.filter(Boolean);
	if (entries.length === 0) throw new Error("IM_SECRET_KEYS: no key given");
	for (const entry of entries) {
		const colon = entry.indexOf(":");
		const id = entry.slice(0, colon);
		const encoded = entry.slice(colon + 1);
		if (colon < 1 || !KEY_ID.test(id))
			throw new Error('IM_SECRET_KEYS: each key is "<id>:<base64 of 32 bytes>", ids of letters, digits, _ . -');
		const key = Buffer.from(encoded, "base64");
		if (key.length !== 32 || !/^[A-Za-z0-9+/]+={0,2}$/.test(encoded))
			throw new Error(`IM_SECRET_KEYS: key "${id}" is not 32 bytes in base64`);
		if (keys.has(id)) throw new Error(`IM_SECRET_KEYS: key id "${id}" given twice`);
		keys.set(id, key);
	}
	return { currentId: entries[0]?.split(":")[0] as string, keys };
}

export function secretBoxOf(ring: SecretKeyRing): SecretBox {
	const current = ring.keys.get(ring.currentId) as Buffer;
	return {
		keyId: ring.currentId,
		seal(plain) {
			const iv = randomBytes(IV_BYTES);
			const cipher = createCipheriv("aes-256-gcm", current, iv);
			const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
			return { keyId: ring.currentId, ciphertext: Buffer.concat([iv, cipher.getAuthTag(), data]) };
		},
		open(sealed) {
			const key = ring.keys.get(sealed.keyId);
			if (!key) throw new Error(`secret-box: no key "${sealed.keyId}" configured (IM_SECRET_KEYS)`);
			const bytes = Buffer.from(sealed.ciphertext);
			const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(0, IV_BYTES));
			decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
			return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
		},
	};
}

type KeyEnv = Partial<Record<"IM_SECRET_KEYS" | "NODE_ENV" | "DATA_DIR" | "DATABASE_URL", string>>;

/** Where the development key lives, or null when this installation must be given IM_SECRET_KEYS. */
function developmentKeyFile(env: KeyEnv): string | null {
	const embedded = !env.DATABASE_URL;
	const nonProduction = env.NODE_ENV === "development" || env.NODE_ENV === "test";
	if (!embedded && !nonProduction) return null;
	return path.resolve(env.DATA_DIR || "./.data", "im-secret-keys");
}

function readOrCreateDevelopmentKeys(file: string): string {
	if (!existsSync(file)) {
		mkdirSync(path.dirname(file), { recursive: true });
		try {
			writeFileSync(file, `dev:${randomBytes(32).toString("base64")}\n`, { mode: 0o600, flag: "wx" });
		} catch (error) {
			// Another process made it first: read theirs.
			if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
		}
		chmodSync(file, 0o600);
	}
	return readFileSync(file, "utf8").trim();
}

const cache = new Map<string, SecretBox | null>();

/** The box of this environment (cached), or null when no key is configured. Throws on a malformed key. */
export function loadSecretBox(env: NodeJS.ProcessEnv = process.env): SecretBox | null {
	const e: KeyEnv = {
		IM_SECRET_KEYS: env.IM_SECRET_KEYS?.trim() || undefined,
		NODE_ENV: env.NODE_ENV,
		DATA_DIR: env.DATA_DIR,
		DATABASE_URL: env.DATABASE_URL?.trim() || undefined,
	};
	const cacheKey = JSON.stringify(e);
	if (cache.has(cacheKey)) return cache.get(cacheKey) ?? null;
	let box: SecretBox | null = null;
	if (e.IM_SECRET_KEYS) box = secretBoxOf(parseSecretKeys(e.IM_SECRET_KEYS));
	else {
		const file = developmentKeyFile(e);
		if (file) box = secretBoxOf(parseSecretKeys(readOrCreateDevelopmentKeys(file)));
	}
	cache.set(cacheKey, box);
	return box;
}

/** The process's box (process.env). */
export function secretBox(): SecretBox | null {
	return loadSecretBox(process.env);
}

/** Whether channels can be stored here (the page says so when not). */
export function hasSecretKey(): boolean {
	return secretBox() !== null;
}
