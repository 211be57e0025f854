import { randomUUID } from "node:crypto";
import { readSessionToken } from "../auth/session-cookie";
import type { Permission } from "../auth/permissions";
import { getEnv, type Env } from "../env.server";
import { authenticateApiKey } from "../services/api-keys/authenticate-api-key";
import { getSession, type SessionIdentity } from "../services/sessions/get-session";

/** A signed-in member, or an API key acting for its owner (then narrowed to the key's scopes). */
export type Identity = SessionIdentity & { apiKeyId?: number; scopes?: Permission[] };

export type Context = {
  requestId: string;
  identity: Identity | null;
  /** A bearer token (a Kubernetes pod's run token); checked only by the procedures that accept one. */
  bearer: string | null;
  /** The app's configuration, read once here so procedures pass `ctx.env` to the services that need it. */
  env: Env;
};

/** Builds the tRPC context from a request's headers: request id and session cookie. */
export async function createContext(headers: {
  cookie?: string | null;
  requestId?: string | null;
  authorization?: string | null;
}): Promise<Context> {
  const token = await readSessionToken(headers.cookie);
  const bearer = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? "")?.[1] ?? null;
  const identity: Identity | null = bearer?.startsWith("al_")
    ? await authenticateApiKey(bearer)
    : token
      ? await getSession(token)
      : null;
  return { requestId: headers.requestId ?? randomUUID(), identity, bearer, env: getEnv() };
}
