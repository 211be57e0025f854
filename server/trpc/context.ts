import { randomUUID } from "node:crypto";
import { readSessionToken } from "../auth/session-cookie";
import { getSession, type SessionIdentity } from "../services/sessions/get-session";

export type Context = {
  requestId: string;
  identity: SessionIdentity | null;
};

/** Builds the tRPC context from a request's headers: request id and session cookie. */
export async function createContext(headers: { cookie?: string | null; requestId?: string | null }): Promise<Context> {
  const token = await readSessionToken(headers.cookie);
  return {
    requestId: headers.requestId ?? randomUUID(),
    identity: token ? await getSession(token) : null,
  };
}
