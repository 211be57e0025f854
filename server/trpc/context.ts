import { randomUUID } from "node:crypto";
import { readSessionToken } from "../auth/session-cookie";
import { getSession, type SessionIdentity } from "../services/sessions/get-session";

export type Context = {
  requestId: string;
  identity: SessionIdentity | null;
  /** A bearer token (a Kubernetes pod's run token); checked only by the procedures that accept one. */
  bearer: string | null;
};

/** Builds the tRPC context from a request's headers: request id and session cookie. */
export async function createContext(headers: {
  cookie?: string | null;
  requestId?: string | null;
  authorization?: string | null;
}): Promise<Context> {
  const token = await readSessionToken(headers.cookie);
  const bearer = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? "")?.[1] ?? null;
  return {
    requestId: headers.requestId ?? randomUUID(),
    identity: token ? await getSession(token) : null,
    bearer,
  };
}
