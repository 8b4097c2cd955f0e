import { createContext } from "react-router";
import type { DatabaseHandle } from "#db/client.ts";
import type { Config } from "./config.server.ts";
import type { FileStore } from "./file-store.server.ts";
import type { Logger } from "./logger.server.ts";

/** What every loader and action may use, set once per request by server/app.ts. */
interface RequestServices {
	db: DatabaseHandle;
	config: Config;
	files: FileStore;
	log: Logger;
	requestId: string;
	/** The CSP nonce of this response. */
	nonce: string;
	/** The seed of this page's one-time form keys (the root loader's `once`), new with each request. */
	once: string;
	ip: string | null;
	userAgent: string | null;
}

export const servicesContext = createContext<RequestServices>();
