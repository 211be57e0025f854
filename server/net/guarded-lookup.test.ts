import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeDns, type FakeDns } from "../../test/fakes/dns";
import { guardedLookup } from "./guarded-lookup";
import type { OutboundPolicy } from "./outbound-policy";

let dns: FakeDns;
let server: http.Server;
let port: number;

beforeAll(async () => {
  dns = await startFakeDns();
  server = http.createServer((_req, res) => res.end("reached"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await dns?.close();
  await new Promise((resolve) => server?.close(resolve));
});

/** A real HTTP request to `host`, its name resolved through the guarded lookup and the fake DNS. */
function get(host: string, policy: OutboundPolicy) {
  return new Promise<string>((resolve, reject) => {
    const request = http.get({ host, port, path: "/", lookup: guardedLookup(policy, [dns.server]), agent: false }, (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk.toString()));
      res.on("end", () => resolve(body));
    });
    request.on("error", reject);
  });
}

describe("the guarded lookup", () => {
  it("refuses a name when it re-resolves to a blocked address at connect time, and connects where the host is allowed", async () => {
    const strict: OutboundPolicy = { allowPrivate: false, allowedHosts: [] };
    dns.setAddresses("rebind.test", ["127.0.0.1"]);
    await expect(get("rebind.test", strict)).rejects.toMatchObject({
      name: "OutboundRefusedError",
      message: expect.stringContaining("rebind.test (127.0.0.1): a loopback address"),
    });
    // AWS's IPv6 metadata address.
    dns.setAddresses("rebind.test", ["fd00:ec2::254"]);
    await expect(get("rebind.test", strict)).rejects.toMatchObject({ message: expect.stringContaining("uniqueLocal") });
    await expect(get("missing.test", strict)).rejects.toMatchObject({ code: "ENOTFOUND" });

    dns.setAddresses("rebind.test", ["127.0.0.1"]);
    expect(await get("rebind.test", { allowPrivate: false, allowedHosts: ["rebind.test"] })).toBe("reached");
  });
});
