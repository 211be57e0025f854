import { assertNoOpenTransaction } from "../../db/client";
import dns, { type LookupAddress, type LookupOptions } from "node:dns";
import { literalRefusal, OutboundRefusedError, resolvedRefusal, type OutboundPolicy } from "./outbound-policy";

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;
/** How names are resolved: dns.lookup, or a test's own. */
export type ResolveAll = (
  hostname: string,
  options: LookupOptions,
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

type Undici = typeof import("undici");

const resolveWithDns: ResolveAll = (hostname, options, callback) => dns.lookup(hostname, { ...options, all: true }, callback);

/**
 * An undici Agent that checks every connection it opens — the first one and
 * each redirect's — against the policy: IP literals as they are, names as they
 * resolve at that moment (the address connected to is the address checked, so
 * a name that re-resolves to 127.0.0.1 after validation is still refused).
 */
function guardedAgent(undici: Undici, policy: OutboundPolicy, resolveAll: ResolveAll) {
  const { Agent, buildConnector } = undici;
  const lookup = (hostname: string, options: LookupOptions, callback: LookupCallback) =>
    resolveAll(hostname, options, (error, addresses) => {
      if (error) return callback(error, []);
      const refused = resolvedRefusal(
        policy,
        hostname,
        addresses.map((entry) => entry.address),
      );
      if (refused) return callback(refused, []);
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  const connect = buildConnector({ lookup } as import("undici").buildConnector.BuildOptions);
  return new Agent({
    connect: (options, callback) => {
      const refused = literalRefusal(policy, options.hostname);
      if (refused) return callback(refused, null);
      return connect(options, callback);
    },
  });
}

function refusalIn(error: unknown): OutboundRefusedError | undefined {
  for (let cause = error; cause instanceof Error; cause = cause.cause) if (cause instanceof OutboundRefusedError) return cause;
  return undefined;
}

/**
 * Sends a request to a user-given URL (a hook's target, a custom tool's
 * endpoint) from the app server, through the outbound guard. Resolves with the
 * status and up to `maxResponseChars` of the answer; a refused address throws
 * OutboundRefusedError, any other failure an Error naming the origin.
 */
export async function sendOutbound(request: {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  policy: OutboundPolicy;
  maxResponseChars: number;
  /** Tests resolve names their own way; dns.lookup otherwise. */
  resolveAll?: ResolveAll;
}) {
  const url = new URL(request.url);
  assertNoOpenTransaction(url.origin);
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new OutboundRefusedError(`Refused: ${url.protocol} is not http(s).`);
  const early = literalRefusal(request.policy, url.hostname);
  if (early) throw early;
  // Loaded with the first outbound request: most servers never send one, and it is ~7 MB and 60 ms at start-up.
  const undici = await import("undici");
  const agent = guardedAgent(undici, request.policy, request.resolveAll ?? resolveWithDns);
  try {
    const response = await undici.fetch(url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.timeout(request.timeoutMs),
      dispatcher: agent,
    });
    const text = (await response.text().catch(() => "")).slice(0, request.maxResponseChars);
    return { status: response.status, ok: response.ok, text };
  } catch (error) {
    const refused = refusalIn(error);
    if (refused) throw refused;
    const cause = (error as Error).cause as Error | undefined;
    throw new Error(`Could not reach ${url.origin}: ${cause?.message ?? (error as Error).message}`, { cause: error });
  } finally {
    void agent.close();
  }
}
