import type { LookupAddress, LookupOptions } from "node:dns";
import { resolvedRefusal, type OutboundPolicy } from "./outbound-policy";
import { resolveAddresses } from "./resolve-addresses";

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for `net.connect` (and so for an http(s).Agent) that resolves a name
 * through `servers` or the system's resolver and refuses it when any address is
 * blocked by the policy: the address connected to is the address checked, so a
 * name that re-resolves to 127.0.0.1 after an earlier check is still refused.
 */
export function guardedLookup(policy: OutboundPolicy, servers?: string[]) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback) => {
    resolveAddresses(hostname, servers).then(
      (found) => {
        const wanted = found.filter((address) => !options.family || addressFamily(address) === options.family);
        if (wanted.length === 0) {
          const error: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
          error.code = "ENOTFOUND";
          return callback(error, []);
        }
        const refused = resolvedRefusal(policy, hostname, wanted);
        if (refused) return callback(refused, []);
        const entries = wanted.map((address) => ({ address, family: addressFamily(address) }));
        if (options.all) return callback(null, entries);
        callback(null, entries[0]!.address, entries[0]!.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, []),
    );
  };
}

const addressFamily = (address: string) => (address.includes(":") ? 6 : 4);
