import { Resolver } from "node:dns/promises";
import { assertNoOpenTransaction } from "../../db/client";

/**
 * The TXT records of a name, each joined from its character-strings, through
 * `servers` (`ip` or `ip:port`) or the system's resolvers. A name with no such
 * records answers []; a lookup that fails otherwise throws with its DNS code.
 */
export async function resolveTxt(name: string, servers?: string[]): Promise<string[]> {
  assertNoOpenTransaction("DNS");
  // A fresh resolver per lookup: its server list is ours alone, and short timeouts keep a request from hanging.
  const resolver = new Resolver({ timeout: 2_000, tries: 2 });
  if (servers?.length) resolver.setServers(servers);
  try {
    return (await resolver.resolveTxt(name)).map((chunks) => chunks.join(""));
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "ENOTFOUND" || code === "ENODATA") return [];
    throw error;
  }
}
