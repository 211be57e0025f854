import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startReceiver, type Receiver } from "../../test/helpers/receiver";
import type { OutboundPolicy } from "./outbound-policy";
import { sendOutbound, type ResolveAll } from "./send-outbound";

const strict: OutboundPolicy = { allowPrivate: false, allowedHosts: [] };
const post = (url: string, policy: OutboundPolicy = strict, resolveAll?: ResolveAll) =>
  sendOutbound({ url, method: "POST", headers: {}, body: "{}", timeoutMs: 5_000, policy, maxResponseChars: 200, resolveAll });

/** A resolver that answers every name with one address, as a DNS server being rebound would. */
const resolvingTo =
  (address: string, family = 4): ResolveAll =>
  (_hostname, _options, callback) =>
    callback(null, [{ address, family }]);

let receiver: Receiver;
let redirector: http.Server;
let redirectorPort: number;

beforeAll(async () => {
  receiver = await startReceiver();
  const port = new URL(receiver.url).port;
  // Answers every request with a redirect to the receiver, by a name that resolves to loopback.
  redirector = http.createServer((_req, res) => res.writeHead(307, { location: `http://localhost:${port}/landed` }).end());
  await new Promise<void>((resolve) => redirector.listen(0, "127.0.0.1", resolve));
  redirectorPort = (redirector.address() as AddressInfo).port;
});

afterAll(async () => {
  await receiver.close();
  await new Promise((resolve) => redirector.close(resolve));
});

describe("sendOutbound", () => {
  it.each([
    ["IPv4 loopback", "http://127.0.0.1:9/x", /127\.0\.0\.1: a loopback address/],
    ["a private IPv4 address", "http://10.0.0.7/x", /10\.0\.0\.7: a private address/],
    ["the cloud metadata address", "http://169.254.169.254/latest/meta-data/", /169\.254\.169\.254: a linkLocal address/],
    ["IPv6 loopback", "http://[::1]:9/x", /::1: a loopback address/],
    ["a unique-local IPv6 address", "https://[fd00:ec2::254]/x", /fd00:ec2::254: a uniqueLocal address/],
    ["an IPv4-mapped IPv6 loopback", "http://[::ffff:127.0.0.1]:9/x", /a loopback address/],
    ["localhost", `http://localhost:9/x`, /localhost: a loopback address/],
  ])("refuses %s by default", async (_what, url, reason) => {
    await expect(post(url)).rejects.toMatchObject({ name: "OutboundRefusedError", message: expect.stringMatching(reason) });
    expect(receiver.received).toHaveLength(0);
  });

  it("refuses a name that resolves to loopback when it connects (DNS rebinding)", async () => {
    const url = `http://rebound.example:${new URL(receiver.url).port}/x`;
    await expect(post(url, strict, resolvingTo("127.0.0.1"))).rejects.toMatchObject({
      name: "OutboundRefusedError",
      message: expect.stringContaining("rebound.example (127.0.0.1): a loopback address"),
    });
    await expect(post(url, strict, resolvingTo("::ffff:10.1.2.3", 6))).rejects.toMatchObject({
      message: expect.stringContaining("a private address"),
    });
    expect(receiver.received).toHaveLength(0);
  });

  it("reaches an allowlisted host, by name or by address", async () => {
    const byAddress = await post(`${receiver.url}/allowed`, { allowPrivate: false, allowedHosts: ["127.0.0.1"] });
    expect(byAddress).toMatchObject({ status: 200, ok: true, text: '{"ok":true,"echo":{}}' });
    const url = `http://tools.internal:${new URL(receiver.url).port}/named`;
    const byName = await post(url, { allowPrivate: false, allowedHosts: ["tools.internal"] }, resolvingTo("127.0.0.1"));
    expect(byName.status).toBe(200);
    expect(receiver.received).toHaveLength(2);
  });

  it("refuses a redirect from an allowed host to a blocked one", async () => {
    const before = receiver.received.length;
    await expect(
      post(`http://127.0.0.1:${redirectorPort}/start`, { allowPrivate: false, allowedHosts: ["127.0.0.1"] }),
    ).rejects.toMatchObject({ name: "OutboundRefusedError", message: expect.stringContaining("localhost") });
    expect(receiver.received).toHaveLength(before);
    // With the switch for tests and demos, the same redirect is followed.
    const followed = await post(`http://127.0.0.1:${redirectorPort}/start`, { allowPrivate: true, allowedHosts: [] });
    expect(followed.status).toBe(200);
    expect(receiver.received).toHaveLength(before + 1);
  });

  it("names the origin when a connection fails for another reason", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(post(`http://127.0.0.1:${port}/x`, { allowPrivate: true, allowedHosts: [] })).rejects.toThrow(
      new RegExp(`Could not reach http://127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`),
    );
  });
});
