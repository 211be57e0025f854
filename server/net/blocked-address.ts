import ipaddr from "ipaddr.js";

/**
 * Why an address may not be reached from the app server, or null when it is a
 * public unicast address. Anything ipaddr.js does not class as plain unicast
 * is refused: loopback, private, link-local (cloud metadata at 169.254.169.254),
 * carrier-grade NAT (Alibaba's metadata), unique-local (AWS's fd00:ec2::254),
 * multicast, reserved, and the IPv6 forms that embed an IPv4 address
 * (6to4, NAT64, Teredo). IPv4-mapped IPv6 (`::ffff:127.0.0.1`) is judged as
 * the IPv4 address it maps.
 */
export function blockedRange(address: string): string | null {
  if (!ipaddr.isValid(address)) return null;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  const range = parsed.range();
  return range === "unicast" ? null : range;
}

/** The host of a URL without IPv6 brackets, lower-cased: `[::1]` → `::1`. */
export function bareHost(hostname: string) {
  return hostname.replace(/^\[(.*)\]$/, "$1").toLowerCase();
}

/** Names that mean this machine whatever DNS says (RFC 6761). */
export function isLocalhostName(hostname: string) {
  const host = bareHost(hostname).replace(/\.$/, "");
  return host === "localhost" || host.endsWith(".localhost");
}
