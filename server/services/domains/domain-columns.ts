import { domains, previewDeployments } from "../../../db/schema";

/** The TXT record whose value proves a claim on `domain`. */
export const challengeName = (domain: string) => `_assembly-lime-challenge.${domain}`;

/** What a workspace sees of its own claims: never anything of another workspace's. */
export const domainColumns = {
  id: domains.id,
  domain: domains.domain,
  status: domains.status,
  verificationToken: domains.verificationToken,
  verifiedAt: domains.verifiedAt,
  previewId: domains.previewDeploymentId,
  host: previewDeployments.host,
};

export type DomainClaim = { domain: string; verificationToken: string };

/** The claim as the UI and API show it, with the TXT record to create. */
export function withChallenge<T extends DomainClaim>(row: T) {
  return { ...row, challenge: { type: "TXT" as const, name: challengeName(row.domain), value: row.verificationToken } };
}
