import { buildProject, buildTenant } from "../../../db/seed";
import { createTicket } from "../tickets/create-ticket";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../../../test/helpers/wait";
import { startKubeTenant, type KubeTenant, registerFakeCluster } from "../../../test/helpers/kube-tenant";
import { startFakeDns, type FakeDns } from "../../../test/fakes/dns";

let runtime: KubeTenant["runtime"];
let kube: KubeTenant["kube"];
let caller: KubeTenant["caller"];
let ns: KubeTenant["ns"];
let clusterId: number;
let dns: FakeDns;

beforeAll(async () => {
  dns = await startFakeDns();
  ({ runtime, kube, caller, ns } = await startKubeTenant({ DNS_SERVERS: dns.server }));
  clusterId = (await registerFakeCluster({ caller, kube })).id;
});

afterAll(async () => {
  await runtime?.stop();
  await kube?.close();
  await dns?.close();
});

describe("previews, domains and sandboxes", () => {
  it("deploys a branch preview, maps a custom domain, destroys it when its PR merges; sandboxes start, log and go", async () => {
    const repo = await runtime.github.createRepo("octocat", "web-app");
    const token = runtime.github.issuePersonalToken("octocat", ["repo", "admin:repo_hook"]);
    const connector = await caller.connectors.create({ kind: "pat", token, name: "previews" });
    const [repository] = await caller.connectors.import({ connectorId: connector.id, fullNames: [repo.fullName] });
    await repo.commit("feature/login", { "login.js": "export {};\n" }, "Login");

    // A ticket or run of another workspace is not found, and never stored as the preview's link.
    const elsewhere = await buildTenant({ name: "Elsewhere previews" });
    const { project: foreignProject } = await buildProject({
      tenantId: elsewhere.tenant.id,
      userId: elsewhere.admin.id,
      name: "Foreign",
      key: "FRGN",
    });
    const foreignTicket = await createTicket({
      tenantId: elsewhere.tenant.id,
      userId: elsewhere.admin.id,
      projectId: foreignProject.id,
      title: "Not yours",
    });
    await expect(
      caller.previews.deploy({ clusterId, repositoryId: repository!.id, branch: "feature/login", ticketId: foreignTicket.id }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      caller.previews.deploy({ clusterId, repositoryId: repository!.id, branch: "feature/login", runId: 987_654 }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });

    const preview = await caller.previews.deploy({ clusterId, repositoryId: repository!.id, branch: "feature/login" });
    expect(preview.host).toBe("feature-login-web-app.preview.localhost");
    const ready = await waitFor(async () => {
      const current = await caller.previews.get({ previewId: preview.id });
      return current.status === "ready" && current;
    }, "the preview");
    expect(ready.url).toBe("http://feature-login-web-app.preview.localhost");
    const name = kube.objects("deployments", ns()).find((deployment) => deployment.metadata.labels["assembly-lime/preview"])!
      .metadata.name as string;
    expect(kube.get("deployments", ns(), name)!.spec.template.spec.containers[0].image).toBe(
      "ghcr.io/octocat/web-app:feature-login",
    );
    expect(kube.get("services", ns(), name)).toBeTruthy();

    const claim = await caller.domains.create({ domain: "Login.Example.com", previewId: preview.id });
    dns.setTxt(claim.challenge.name, [claim.challenge.value]);
    expect(await caller.domains.verify({ domainId: claim.id })).toMatchObject({ status: "verified", problem: null });
    await waitFor(
      async () =>
        kube.get("ingresses", ns(), name)?.spec.rules.some((rule: { host: string }) => rule.host === "login.example.com"),
      "the domain rule",
    );
    await expect(caller.domains.create({ domain: "not a domain", previewId: preview.id })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    expect((await caller.domains.list()).map((domain) => domain.domain)).toEqual(["login.example.com"]);

    // The PR of that branch merges: the webhook destroys the preview.
    await caller.repositories.setupWebhook({ repositoryId: repository!.id });
    const octokitPull = await fetch(`${runtime.github.apiUrl}/repos/octocat/web-app/pulls`, {
      method: "POST",
      headers: { authorization: `token ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ title: "Login", head: "feature/login", base: "main" }),
    }).then((response) => response.json() as Promise<{ number: number }>);
    await runtime.github.mergePull("octocat/web-app", octokitPull.number);
    await runtime.github.idle();
    await waitFor(
      async () => (await caller.previews.get({ previewId: preview.id })).status === "destroyed",
      "the preview to be destroyed",
    );
    expect(kube.get("deployments", ns(), name)).toBeUndefined();
    expect(kube.get("ingresses", ns(), name)).toBeUndefined();

    // A sandbox: a restricted pod with the repository, its logs, then gone.
    const sandbox = await caller.sandboxes.create({ clusterId, repositoryId: repository!.id, branch: "main" });
    const pod = kube.get("pods", ns(), sandbox.podName!)!;
    expect(pod.spec.containers[0].securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ["ALL"] },
    });
    kube.setPodPhase(ns(), sandbox.podName!, "Running");
    kube.setPodLogs(ns(), sandbox.podName!, "ready to work\n");
    expect((await caller.sandboxes.get({ sandboxId: sandbox.id })).status).toBe("running");
    const logs = await caller.sandboxes.logs({ sandboxId: sandbox.id });
    expect(logs.lines.map((line) => line.line)).toEqual(["ready to work"]);
    await caller.sandboxes.destroy({ sandboxId: sandbox.id });
    expect(kube.get("pods", ns(), sandbox.podName!)).toBeUndefined();
    expect(await caller.sandboxes.list()).toEqual([]);
  });
});
