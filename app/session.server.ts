import { redirect } from "@remix-run/node";
import { getEnv } from "../server/env.server";
import { withAmbientTransaction } from "../db/client";
import { redact } from "../server/services/audit/redact";
import { writeAudit } from "../server/services/audit/write-audit";
import { permissionRefusal, permissionsOf, type Permission } from "../server/auth/permissions";
import { clearSessionCookie, readSessionToken, serializeSessionToken } from "../server/auth/session-cookie";
import { createSession } from "../server/services/sessions/create-session";
import { deleteSession } from "../server/services/sessions/delete-session";
import { getSession, type SessionIdentity } from "../server/services/sessions/get-session";

export type TenantIdentity = SessionIdentity & { tenantId: number; userId: number; permissions: Permission[] };

/**
 * The signed-in member behind a request, or a redirect to the login page.
 * Every loader and action calls this itself: layouts do not guard their children.
 */
export async function requireIdentity(request: Request): Promise<TenantIdentity> {
  const token = await readSessionToken(request.headers.get("Cookie"));
  const identity = token ? await getSession(token) : null;
  if (!identity || identity.roles.length === 0) {
    const url = new URL(request.url);
    const params = new URLSearchParams({ redirectTo: `${url.pathname}${url.search}` });
    throw redirect(`/login?${params}`, identity ? { headers: { "Set-Cookie": await clearSessionCookie() } } : undefined);
  }
  return { ...identity, tenantId: identity.tenant.id, userId: identity.user.id, permissions: [...permissionsOf(identity.roles)] };
}

/**
 * Like requireIdentity, and refuses (403) a member whose role lacks the
 * permission — the check and the words of a tRPC procedure's
 * `.meta({ permission })`, for Remix actions, loaders and resource routes.
 */
export async function requirePermission(request: Request, permission: Permission) {
  const identity = await requireIdentity(request);
  const refusal = permissionRefusal(new Set(identity.permissions), permission);
  if (refusal) throw new Response(refusal, { status: 403 });
  return identity;
}

export async function getOptionalIdentity(request: Request) {
  const token = await readSessionToken(request.headers.get("Cookie"));
  return token ? getSession(token) : null;
}

/** Opens a session for a signed-in user and redirects with its cookie. */
export async function startSession(options: { request: Request; userId: number; tenantId: number; redirectTo: string }) {
  const { token } = await createSession({
    userId: options.userId,
    tenantId: options.tenantId,
    ttlDays: getEnv().SESSION_TTL_DAYS,
    userAgent: options.request.headers.get("User-Agent"),
  });
  return redirect(safeRedirect(options.redirectTo), { headers: { "Set-Cookie": await serializeSessionToken(token) } });
}

export async function endSession(request: Request) {
  const token = await readSessionToken(request.headers.get("Cookie"));
  if (token) await deleteSession(token);
  return redirect("/login", { headers: { "Set-Cookie": await clearSessionCookie() } });
}

/** Only same-site paths: an open redirect would let a link send users anywhere after login. */
export function safeRedirect(target: string | null | undefined, fallback = "/") {
  if (!target || !target.startsWith("/") || target.startsWith("//") || target.startsWith("/\\")) return fallback;
  return target;
}

/**
 * A Remix action's change, audited like an API mutation: the change and its
 * audit entry commit together (and neither does if the change fails).
 */
export async function audited<T extends { id: number }>(
  options: { identity: TenantIdentity; action: string; targetType: string; requestId: string; input: Record<string, unknown> },
  change: () => Promise<T>,
) {
  return withAmbientTransaction(async () => {
    const result = await change();
    await writeAudit({
      tenantId: options.identity.tenantId,
      actorUserId: options.identity.userId,
      actorApiKeyId: null,
      action: options.action,
      targetType: options.targetType,
      targetId: String(result.id),
      after: { input: redact(options.input) as Record<string, unknown>, result: { id: result.id } },
      requestId: options.requestId || null,
    });
    return result;
  });
}
