import { eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { tenants } from "../../../db/schema";
import type { Env } from "../../env.server";

/** The base domain a workspace's preview hosts sit under: its own, or the app's `PREVIEW_DOMAIN`. */
export async function previewBaseDomain(options: { tenantId: number; env: Pick<Env, "PREVIEW_DOMAIN"> }) {
  const [tenant] = await db
    .select({ previewDomain: tenants.previewDomain })
    .from(tenants)
    .where(eq(tenants.id, options.tenantId));
  return (tenant?.previewDomain ?? options.env.PREVIEW_DOMAIN).toLowerCase().replace(/^\.+|\.+$/g, "");
}
