import { createCookie } from "@remix-run/node";
import { getEnv } from "../env.server";

export const SESSION_COOKIE_NAME = "al_session";

/** Signed, httpOnly, SameSite=Lax (no GET changes state), Secure when served over HTTPS. */
function sessionCookie() {
  const env = getEnv();
  return createCookie(SESSION_COOKIE_NAME, {
    httpOnly: true,
    sameSite: "lax",
    secure: env.secureCookies,
    path: "/",
    secrets: [env.SESSION_SECRET],
    maxAge: env.SESSION_TTL_DAYS * 24 * 60 * 60,
  });
}

/** The session token in a Cookie header, or null when absent or tampered with. */
export async function readSessionToken(cookieHeader: string | null | undefined): Promise<string | null> {
  if (!cookieHeader) return null;
  const value: unknown = await sessionCookie().parse(cookieHeader);
  return typeof value === "string" && value.length > 0 ? value : null;
}

export function serializeSessionToken(token: string) {
  return sessionCookie().serialize(token);
}

export function clearSessionCookie() {
  return sessionCookie().serialize("", { maxAge: 0 });
}
