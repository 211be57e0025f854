import { bareHost, blockedRange, isLocalhostName } from "./blocked-address";

/** Where user-given URLs may lead. */
export type OutboundPolicy = {
  /** Reach private and loopback addresses anywhere (tests, demos, single-machine set-ups). */
  allowPrivate: boolean;
  /** Hosts (names or IP literals) that may resolve to private addresses: the operator's and the workspace's. */
  allowedHosts: readonly string[];
};

/** Refused by the outbound guard; the message says what was refused and how to allow it. */
export class OutboundRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OutboundRefusedError";
  }
}

export function isAllowedHost(policy: OutboundPolicy, hostname: string) {
  const host = bareHost(hostname);
  return policy.allowPrivate || policy.allowedHosts.some((allowed) => bareHost(allowed) === host);
}

function refusal(hostname: string, address: string, range: string) {
  const which = hostname === address ? address : `${hostname} (${address})`;
  return new OutboundRefusedError(
    `Refused to connect to ${which}: a ${range} address. An admin can allow the host in the workspace's outbound allowlist.`,
  );
}

/**
 * The refusal for a host written in a URL, before any lookup: an IP literal in
 * a blocked range, or a localhost name. Null when the host may be tried (names
 * are checked again, resolved, when connecting).
 */
export function literalRefusal(policy: OutboundPolicy, hostname: string): OutboundRefusedError | null {
  if (isAllowedHost(policy, hostname)) return null;
  const host = bareHost(hostname);
  if (isLocalhostName(host)) return refusal(host, host, "loopback");
  const range = blockedRange(host);
  return range ? refusal(host, host, range) : null;
}

/** The refusal for a name that resolved to these addresses (any blocked one refuses all), or null. */
export function resolvedRefusal(policy: OutboundPolicy, hostname: string, addresses: readonly string[]) {
  if (isAllowedHost(policy, hostname)) return null;
  for (const address of addresses) {
    const range = blockedRange(address);
    if (range) return refusal(bareHost(hostname), address, range);
  }
  return null;
}
