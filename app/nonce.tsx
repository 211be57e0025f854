import { createContext, useContext } from "react";

/** The per-request CSP nonce, so inline hydration scripts pass the policy. */
export const NonceContext = createContext<string | undefined>(undefined);

export const useNonce = () => useContext(NonceContext);
