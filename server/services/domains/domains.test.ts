import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTenant } from "../../../db/seed";
import { startFakeDns, type FakeDns } from "../../../test/fakes/dns";
import { callerFor } from "../../../test/helpers/caller";
import { registerFakeCluster, startKubeTenant, type KubeTenant } from "../../../test/helpers/kube-tenant";
import { waitFor } from "../../../test/helpers/wait";

let runtime: KubeTenant["runtime"];
let kube: KubeTenant["kube"];
let dns: FakeDns;
type Caller = KubeTenant["caller"];
/** A workspace with a ready preview of octocat/web-app, on the fake cluster in its own namespace. */
type Workspace = { caller: Caller; previewId: number; host: string; ingressHosts: () => string[] };
let a: Workspace;
let b: Workspace;

async function readyPreview(caller: Caller, namespace: string, branch: string): Promise<Workspace> {
  const clusterId = (await registerFakeCluster({ caller, kube })).id;
  const token = runtime.github.issuePersonalToken("octocat", ["repo"]);
  const connector = await caller.connectors.create({ kind: "pat", token, name: "domains" });
  const [repository] = await caller.connectors.import({ connectorId: connector.id, fullNames: ["octocat/web-app"] });
  const preview = await caller.previews.deploy({ clusterId, repositoryId: repository!.id, branch });
  await waitFor(async () => (await caller.previews.get({ previewId: preview.id })).status === "ready", "the preview");
  const ingress = () => kube.objects("ingresses", namespace).find((object) => object.metadata.labels["assembly-lime/preview"]);
  const ingressHosts = () => ((ingress()?.spec.rules ?? []) as Array<{ host: string }>).map((rule) => rule.host);
  return { caller, previewId: preview.id, host: preview.host, ingressHosts };
}

/** Lets the deploy jobs a verify or delete enqueued run, then the hosts a workspace's Ingress routes. */
async function routedBy(workspace: Workspace, expected: string[]) {
  await waitFor(
    async () => JSON.stringify(workspace.ingressHosts().sort()) === JSON.stringify([...expected].sort()),
    `hosts ${expected}`,
  );
  return workspace.ingressHosts().sort();
}

beforeAll(async () => {
  dns = await startFakeDns();
  const started = await startKubeTenant({ DNS_SERVERS: dns.server });
  ({ runtime, kube } = started);
  const repo = await runtime.github.createRepo("octocat", "web-app");
  await repo.commit("feature/a", { "a.js": "export {};\n" }, "A");
  await repo.commit("feature/b", { "b.js": "export {};\n" }, "B");
  a = await readyPreview(started.caller, started.ns(), "feature/a");
  const { tenant, admin } = await buildTenant({ name: "Domains B" });
  const callerB = await callerFor({ userId: admin.id, tenantId: tenant.id });
  // The fake cluster listens on loopback, which the outbound guard refuses unless the workspace allows it.
  await callerB.outbound.add({ host: "127.0.0.1" });
  b = await readyPreview(callerB, `al-${tenant.slug}`, "feature/b");
});

afterAll(async () => {
  await runtime?.stop();
  await kube?.close();
  await dns?.close();
});

describe("custom domains", () => {
  it("a claim routes nothing until the TXT record _assembly-lime-challenge.<domain> holds its token", async () => {
    const claim = await a.caller.domains.create({ domain: "App.Example.com.", previewId: a.previewId });
    expect(claim).toMatchObject({
      domain: "app.example.com",
      status: "pending",
      verifiedAt: null,
      challenge: { type: "TXT", name: "_assembly-lime-challenge.app.example.com", value: claim.verificationToken },
    });
    expect(claim.verificationToken).toMatch(/^[0-9a-f]{32}$/);

    const missing = await a.caller.domains.verify({ domainId: claim.id });
    expect(missing).toMatchObject({ status: "pending" });
    expect(missing.problem).toBe(
      `app.example.com is not verified: create a TXT record _assembly-lime-challenge.app.example.com with the value ` +
        `${claim.verificationToken}, wait for DNS to serve it, then verify again.`,
    );
    dns.setTxt(claim.challenge.name, ["v=spf1 -all", "someone-else's-token"]);
    expect(await a.caller.domains.verify({ domainId: claim.id })).toMatchObject({ status: "pending", problem: missing.problem });
    expect(dns.questions).toContain("_assembly-lime-challenge.app.example.com");
    expect(a.ingressHosts()).toEqual([a.host]);

    dns.setTxt(claim.challenge.name, ["v=spf1 -all", claim.verificationToken]);
    const verified = await a.caller.domains.verify({ domainId: claim.id });
    expect(verified).toMatchObject({ id: claim.id, status: "verified", problem: null, verifiedAt: expect.any(Date) });
    expect(await routedBy(a, [a.host, "app.example.com"])).toEqual(["app.example.com", a.host].sort());
    // Verifying again changes nothing and asks DNS nothing.
    const asked = dns.questions.length;
    expect(await a.caller.domains.verify({ domainId: claim.id })).toMatchObject({ status: "verified" });
    expect(dns.questions.length).toBe(asked);
  });

  it("tenant B may claim A's verified domain, but learns nothing of A and moves nothing, even proving DNS control", async () => {
    const aClaim = (await a.caller.domains.list()).find((entry) => entry.domain === "app.example.com")!;
    const bClaim = await b.caller.domains.create({ domain: "app.example.com", previewId: b.previewId });
    expect(bClaim).toMatchObject({ status: "pending", domain: "app.example.com" });
    expect(bClaim.verificationToken).not.toBe(aClaim.verificationToken);
    expect((await b.caller.domains.list()).map((entry) => entry.id)).toEqual([bClaim.id]);
    const neutral = (token: string) =>
      `app.example.com is not verified: create a TXT record _assembly-lime-challenge.app.example.com with the value ` +
      `${token}, wait for DNS to serve it, then verify again.`;

    // A's record is in place: it proves A's claim, not B's.
    expect(await b.caller.domains.verify({ domainId: bClaim.id })).toMatchObject({
      status: "pending",
      problem: neutral(bClaim.verificationToken),
    });
    // B takes over the DNS and publishes its own token: A verified first, so B hears the very same words.
    dns.setTxt(bClaim.challenge.name, [bClaim.verificationToken]);
    const refused = await b.caller.domains.verify({ domainId: bClaim.id });
    expect(refused).toMatchObject({ status: "pending", verifiedAt: null, problem: neutral(bClaim.verificationToken) });
    expect(JSON.stringify(refused)).not.toContain(aClaim.verificationToken);
    expect(JSON.stringify(refused)).not.toContain(a.host);

    // Nothing moved: A still routes it, B does not.
    expect(await routedBy(a, [a.host, "app.example.com"])).toContain("app.example.com");
    expect(b.ingressHosts()).toEqual([b.host]);
    expect((await a.caller.domains.list()).find((entry) => entry.id === aClaim.id)?.status).toBe("verified");
    // A's claim is NOT_FOUND to B by id, for every operation.
    await expect(b.caller.domains.verify({ domainId: aClaim.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(b.caller.domains.delete({ domainId: aClaim.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    // A duplicate within one workspace is that workspace's own business.
    await expect(b.caller.domains.create({ domain: "app.example.com", previewId: b.previewId })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "This workspace has already added this domain.",
    });

    // Once A lets the domain go, B's proof holds.
    await a.caller.domains.delete({ domainId: aClaim.id });
    expect(await routedBy(a, [a.host])).toEqual([a.host]);
    expect(await b.caller.domains.verify({ domainId: bClaim.id })).toMatchObject({ status: "verified", problem: null });
    expect(await routedBy(b, [b.host, "app.example.com"])).toContain("app.example.com");
  });

  it("a domain under the preview base domain is verified without TXT, unless it is another workspace's preview host", async () => {
    const own = await a.caller.domains.create({ domain: "demo.preview.localhost", previewId: a.previewId });
    expect(await a.caller.domains.verify({ domainId: own.id })).toMatchObject({ status: "verified", problem: null });
    expect(dns.questions).not.toContain("_assembly-lime-challenge.demo.preview.localhost");
    expect(await routedBy(a, [a.host, "demo.preview.localhost"])).toContain("demo.preview.localhost");

    const theirs = await b.caller.domains.create({ domain: a.host, previewId: b.previewId });
    const refused = await b.caller.domains.verify({ domainId: theirs.id });
    expect(refused).toMatchObject({ status: "pending" });
    expect(refused.problem).toBe(
      `${a.host} is not verified: create a TXT record _assembly-lime-challenge.${a.host} with the value ` +
        `${theirs.verificationToken}, wait for DNS to serve it, then verify again.`,
    );
    expect(b.ingressHosts()).not.toContain(a.host);
  });

  it("refuses a name that is not a domain, and a preview of another workspace", async () => {
    await expect(a.caller.domains.create({ domain: "not a domain", previewId: a.previewId })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(a.caller.domains.create({ domain: "x.example.org", previewId: b.previewId })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});
