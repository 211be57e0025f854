import { db } from "../../../db/client";
import { domains } from "../../../db/schema";
import { AppError } from "../../errors";
import { getPreview } from "../previews/get-preview";
import { getDomain } from "./get-domain";

const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/**
 * Claims a custom domain for a preview. The claim is this workspace's alone and
 * pending until `verifyDomain` proves it, so another workspace's claim on the
 * same name neither blocks it nor shows through it; nothing is routed yet.
 */
export async function addDomain(options: { tenantId: number; domain: string; previewId: number }) {
  const domain = options.domain.trim().toLowerCase().replace(/\.$/, "");
  if (!DOMAIN.test(domain)) throw new AppError("BAD_REQUEST", `"${options.domain}" is not a domain name.`);
  const preview = await getPreview(options);
  if (preview.destroyedAt) throw new AppError("CONFLICT", "That preview was destroyed.");
  // A duplicate within the workspace hits `domains_tenant_domain_key` (its own data, so it may say so).
  const [row] = await db
    .insert(domains)
    .values({ tenantId: options.tenantId, domain, previewDeploymentId: preview.id })
    .returning({ id: domains.id });
  return getDomain({ tenantId: options.tenantId, domainId: row!.id });
}
