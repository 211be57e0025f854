import { lookup, Resolver } from "node:dns/promises";
import { assertNoOpenTransaction } from "../../db/client";

/**
 * The IPv4 and IPv6 addresses a name resolves to, through `servers` (`ip` or
 * `ip:port`, as `DNS_SERVERS`) or the system's resolver (`getaddrinfo`, hosts
 * file included). A name with no address answers []; another failure throws with its DNS code.
 */
export async function resolveAddresses(name: string, servers?: string[]): Promise<string[]> {
  assertNoOpenTransaction("DNS");
  if (!servers?.length) {
    try {
      return (await lookup(name, { all: true })).map((entry) => entry.address);
    } catch (error) {
      if (isNoAddress(error)) return [];
      throw error;
    }
  }
  // A fresh resolver per lookup, as resolveTxt does: its server list is ours alone.
  const resolver = new Resolver({ timeout: 2_000, tries: 2 });
  resolver.setServers(servers);
  const answers = await Promise.all(
    [resolver.resolve4(name), resolver.resolve6(name)].map((query) =>
      query.catch((error: unknown) => {
        if (isNoAddress(error)) return [];
        throw error;
      }),
    ),
  );
  return answers.flat();
}

function isNoAddress(error: unknown) {
  const code = (error as { code?: string }).code;
  return code === "ENOTFOUND" || code === "ENODATA";
}
