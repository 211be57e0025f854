import { and, eq, isNull, ne } from "drizzle-orm";
import { db, inTransaction, type Commit } from "../../../db/client";
import { domains, previewDeployments } from "../../../db/schema";
import { getBoss } from "../../../jobs/boss";
import { sendJob } from "../../../jobs/define-job";
import { previewDeployJob } from "../../../jobs/previews";
import type { Env } from "../../env.server";
import { postgresErrorOf } from "../../errors";
import { resolveTxt } from "../../net/resolve-txt";
import { previewBaseDomain } from "../previews/preview-base-domain";
import { challengeName } from "./domain-columns";
import { getDomain } from "./get-domain";

/**
 * Proves a pending claim: the TXT record `_assembly-lime-challenge.<domain>`
 * holds this claim's token, or the domain sits under the workspace's preview
 * base domain. The first workspace to prove a domain keeps it (decision 016):
 * a later proof moves nothing and hears the same words as a missing record,
 * so a claim learns nothing about other workspaces. A proven domain is routed:
 * its preview is redeployed with the host.
 */
export async function verifyDomain(options: {
  tenantId: number;
  domainId: number;
  env: Pick<Env, "PREVIEW_DOMAIN" | "DNS_SERVERS">;
  /** Where the verified claim and its redeploy commit; DNS is asked before, outside any transaction. */
  commit?: Commit;
}) {
  const claim = await getDomain(options);
  if (claim.status === "verified") return { ...claim, problem: null };

  const base = await previewBaseDomain(options);
  const proof = claim.domain.endsWith(`.${base}`)
    ? await underBaseDomain({ tenantId: options.tenantId, domain: claim.domain })
    : await txtRecordHolds({ domain: claim.domain, token: claim.verificationToken, servers: options.env.DNS_SERVERS });
  if (proof !== true) return { ...claim, problem: proof ?? notProven(claim) };

  return (options.commit ?? inTransaction)(async () => {
    if (!(await markVerified({ tenantId: options.tenantId, domainId: claim.id }))) return { ...claim, problem: notProven(claim) };
    if (claim.previewId) await sendJob(getBoss(), previewDeployJob, { tenantId: options.tenantId, previewId: claim.previewId });
    return { ...(await getDomain(options)), problem: null };
  });
}

/** The one answer for every claim that is not proven, whatever the reason. */
function notProven(claim: { domain: string; verificationToken: string }) {
  return (
    `${claim.domain} is not verified: create a TXT record ${challengeName(claim.domain)} with the value ` +
    `${claim.verificationToken}, wait for DNS to serve it, then verify again.`
  );
}

/** True when the record holds the token; undefined when it does not; a message when DNS could not answer. */
async function txtRecordHolds(options: { domain: string; token: string; servers?: string[] }) {
  try {
    const values = await resolveTxt(challengeName(options.domain), options.servers);
    return values.some((value) => value.trim() === options.token) || undefined;
  } catch (error) {
    // About the claimant's own DNS only (a timeout, a refusal): nothing of another workspace.
    const code = (error as { code?: string }).code ?? "an error";
    return `The DNS lookup of ${challengeName(options.domain)} failed (${code}); try again in a minute.`;
  }
}

/**
 * Under the preview base domain the app itself answers for the name; with a
 * base domain shared by workspaces, another workspace's live preview host is
 * not this workspace's to take.
 */
async function underBaseDomain(options: { tenantId: number; domain: string }) {
  const [taken] = await db
    .select({ id: previewDeployments.id })
    .from(previewDeployments)
    .where(
      and(
        eq(previewDeployments.host, options.domain),
        ne(previewDeployments.tenantId, options.tenantId),
        isNull(previewDeployments.destroyedAt),
      ),
    )
    .limit(1);
  return taken ? undefined : true;
}

/**
 * Marks the claim verified unless another workspace holds the domain verified
 * (`domains_domain_verified_key`); in a savepoint, so losing that race leaves
 * the caller's transaction usable.
 */
async function markVerified(options: { tenantId: number; domainId: number }) {
  try {
    await db.transaction((tx) =>
      tx
        .update(domains)
        .set({ status: "verified", verifiedAt: new Date() })
        .where(and(eq(domains.id, options.domainId), eq(domains.tenantId, options.tenantId))),
    );
    return true;
  } catch (error) {
    const postgres = postgresErrorOf(error);
    if (postgres?.code === "23505" && postgres.constraint_name === "domains_domain_verified_key") return false;
    throw error;
  }
}
