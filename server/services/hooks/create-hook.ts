import { randomBytes } from "node:crypto";
import { db } from "../../../db/client";
import { hooks } from "../../../db/schema";
import { getKeyring } from "../../crypto/secrets";
import type { Env } from "../../env.server";
import { AppError } from "../../errors";
import { checkOutboundUrl } from "../outbound/check-outbound-url";
import { hookColumns } from "./hook-columns";
import type { HookEvent } from "./hook-events";
import { forgetHooks } from "./hook-presence";

function checkTarget(kind: "webhook" | "script", targetUrl: string | null | undefined, script: string | null | undefined) {
  if (kind === "webhook") {
    let url: URL;
    try {
      url = new URL(targetUrl ?? "");
    } catch {
      throw new AppError("BAD_REQUEST", "A webhook hook needs a URL.");
    }
    const local = ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
    if (url.protocol !== "https:" && !(url.protocol === "http:" && local))
      throw new AppError("BAD_REQUEST", "Webhook URLs must be https:// (http only for localhost).");
  } else if (!script?.trim()) throw new AppError("BAD_REQUEST", "A script hook needs a script.");
}

/** A hook: a signed HTTPS webhook (its signing secret is generated, sealed, and shown once) or a script. */
export async function createHook(options: {
  tenantId: number;
  userId: number;
  env: Env;
  name: string;
  event: HookEvent;
  kind: "webhook" | "script";
  targetUrl?: string | null;
  script?: string | null;
  timeoutSeconds: number;
}) {
  checkTarget(options.kind, options.targetUrl, options.script);
  if (options.kind === "webhook")
    await checkOutboundUrl({ tenantId: options.tenantId, env: options.env, url: options.targetUrl!, field: "targetUrl" });
  const secret = options.kind === "webhook" ? randomBytes(24).toString("hex") : null;
  const sealed = secret ? getKeyring(options.env).seal(secret) : null;
  const [row] = await db
    .insert(hooks)
    .values({
      tenantId: options.tenantId,
      name: options.name,
      event: options.event,
      kind: options.kind,
      targetUrl: options.kind === "webhook" ? options.targetUrl! : null,
      script: options.kind === "script" ? options.script! : null,
      secretCiphertext: sealed?.ciphertext ?? null,
      secretKeyId: sealed?.keyId ?? null,
      timeoutSeconds: options.timeoutSeconds,
      createdBy: options.userId,
    })
    .returning(hookColumns);
  forgetHooks(options.tenantId);
  return { ...row!, secret };
}
