import net from "node:net";
import type { Env } from "../../env.server";
import { AppError } from "../../errors";
import { bareHost } from "../../net/blocked-address";
import { isAllowedHost, literalRefusal, resolvedRefusal } from "../../net/outbound-policy";
import { resolveAddresses } from "../../net/resolve-addresses";
import { getOutboundPolicy } from "../outbound/get-outbound-policy";

/**
 * Refuses a cluster's API server that is, or whose name resolves to, a private,
 * loopback, link-local or metadata address, unless the workspace (or the operator)
 * allows its host. Run at registration and before each connection, as the name may
 * resolve elsewhere since (DNS rebinding). Names resolve through `DNS_SERVERS` when set.
 */
export async function checkClusterServer(options: { tenantId: number; env: Env; server: string }) {
  const policy = await getOutboundPolicy(options);
  const hostname = bareHost(new URL(options.server).hostname);
  const early = literalRefusal(policy, hostname);
  if (early) throw new AppError("BAD_REQUEST", `The cluster's server: ${early.message}`);
  if (net.isIP(hostname) || isAllowedHost(policy, hostname)) return;
  let addresses: string[];
  try {
    addresses = await resolveAddresses(hostname, options.env.DNS_SERVERS);
  } catch (error) {
    throw new AppError("BAD_REQUEST", `The cluster's server ${hostname} could not be resolved: ${(error as Error).message}`);
  }
  if (addresses.length === 0)
    throw new AppError("BAD_REQUEST", `The cluster's server ${hostname} does not resolve to an address.`);
  const refused = resolvedRefusal(policy, hostname, addresses);
  if (refused) throw new AppError("BAD_REQUEST", `The cluster's server: ${refused.message}`);
}
