import { createContext, useContext } from "react";

/** The CSP nonce, provided by entry.server.tsx; empty in the browser (it is hidden after parsing). */
const NonceContext = createContext("");
export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);
