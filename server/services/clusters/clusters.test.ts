import { stringify } from "yaml";
import { eq } from "drizzle-orm";
import { CoreV1Api, KubeConfig, RbacAuthorizationV1Api } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../db/client";
import { k8sClusters } from "../../../db/schema";
import { buildTenant } from "../../../db/seed";
import { callerFor } from "../../../test/helpers/caller";
import { waitFor } from "../../../test/helpers/wait";
import { startDocumentedKube, startKubeTenant, type KubeTenant } from "../../../test/helpers/kube-tenant";
import { startFakeDns, type FakeDns } from "../../../test/fakes/dns";

let runtime: KubeTenant["runtime"];
let kube: KubeTenant["kube"];
let caller: KubeTenant["caller"];
let ns: KubeTenant["ns"];
let dns: FakeDns;

beforeAll(async () => {
  // Cluster servers' names resolve through the fake DNS, as DNS_SERVERS makes the app do.
  dns = await startFakeDns();
  ({ runtime, kube, caller, ns } = await startKubeTenant({ DNS_SERVERS: dns.server }));
});

afterAll(async () => {
  await runtime?.stop();
  await kube?.close();
  await dns?.close();
});

describe("clusters", () => {
  it("removes the Role and RoleBinding earlier versions gave agent pods, and resolves DNS through configured resolvers", async () => {
    const legacy = await startDocumentedKube();
    // The old objects are the test's setup, made as a cluster admin; the app registers with its own account.
    const config = new KubeConfig();
    config.loadFromString(legacy.adminKubeconfig());
    const rbac = config.makeApiClient(RbacAuthorizationV1Api);
    const core = config.makeApiClient(CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: ns() } } });
    await rbac.createNamespacedRole({
      namespace: ns(),
      body: {
        metadata: { name: "al-agent-role" },
        rules: [{ apiGroups: [""], resources: ["secrets"], verbs: ["get", "list"] }],
      },
    });
    await rbac.createNamespacedRoleBinding({
      namespace: ns(),
      body: {
        metadata: { name: "al-agent-rolebinding" },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "al-agent-role" },
        subjects: [{ kind: "ServiceAccount", name: "al-agent-sa", namespace: ns() }],
      },
    });

    const cluster = await caller.k8sClusters.register({
      name: "upgraded",
      kubeconfig: legacy.kubeconfig(),
      dnsEgressCidrs: ["169.254.20.10/32"],
    });
    expect(cluster.syncInfo).toMatchObject({ provisioned: { legacyRole: "removed", legacyRoleBinding: "removed" } });
    expect(legacy.get("roles", ns(), "al-agent-role")).toBeUndefined();
    expect(legacy.get("rolebindings", ns(), "al-agent-rolebinding")).toBeUndefined();
    const policy = legacy.get("networkpolicies", ns(), "al-agent-egress")!;
    expect(policy.spec.egress).toContainEqual({
      to: [{ ipBlock: { cidr: "169.254.20.10/32" } }],
      ports: [
        { protocol: "UDP", port: 53 },
        { protocol: "TCP", port: 53 },
      ],
    });
    await caller.k8sClusters.delete({ clusterId: cluster.id });
    await legacy.close();
  });

  it("registers with a sealed kubeconfig, provisions the namespace idempotently, syncs and tears down", async () => {
    const cluster = await caller.k8sClusters.register({ name: "fake", kubeconfig: kube.kubeconfig(), quota: { cpu: "4" } });

    expect(cluster).toMatchObject({ status: "ready", serverVersion: "v1.31.0-fake", namespace: ns() });
    expect(JSON.stringify(cluster)).not.toContain(kube.token);
    const [row] = await db
      .select({ sealed: k8sClusters.kubeconfigCiphertext })
      .from(k8sClusters)
      .where(eq(k8sClusters.id, cluster.id));
    expect(row!.sealed).not.toContain(kube.token);

    const namespace = kube.get("namespaces", null, ns())!;
    expect(namespace.metadata.labels).toMatchObject({
      "app.kubernetes.io/managed-by": "assembly-lime",
      "pod-security.kubernetes.io/enforce": "restricted",
    });
    expect(kube.get("serviceaccounts", ns(), "al-agent-sa")).toBeTruthy();
    // Agent pods call no Kubernetes API: their account has no token and no Role.
    expect(kube.objects("roles", ns())).toEqual([]);
    expect(kube.objects("rolebindings", ns())).toEqual([]);
    expect(kube.get("resourcequotas", ns(), "al-quota")!.spec.hard).toMatchObject({
      "requests.cpu": "4",
      "requests.memory": "16Gi",
      pods: "20",
    });
    expect(kube.get("networkpolicies", ns(), "al-agent-egress")).toBeTruthy();
    expect((cluster.syncInfo as { nodes: unknown[] }).nodes).toEqual([
      expect.objectContaining({ name: "fake-node-1", ready: true }),
    ]);

    // Again: nothing changes — only reads reach the API server.
    const before = kube.requests.length;
    const again = await caller.k8sClusters.sync({ clusterId: cluster.id });
    expect(again.syncInfo).toMatchObject({
      provisioned: {
        namespace: "unchanged",
        serviceAccount: "unchanged",
        legacyRole: "absent",
        legacyRoleBinding: "absent",
        quota: "unchanged",
        networkPolicy: "unchanged",
      },
    });
    expect(kube.requests.slice(before).filter((request) => request.method !== "GET")).toEqual([]);

    await expect(caller.k8sClusters.register({ name: "broken", kubeconfig: "not: [a kubeconfig" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    // A kubeconfig that would run a command or read this machine's files is refused, naming the field.
    const withUser = (user: Record<string, unknown>, cluster: Record<string, unknown> = {}) =>
      stringify({
        apiVersion: "v1",
        kind: "Config",
        "current-context": "x",
        contexts: [{ name: "x", context: { cluster: "x", user: "x" } }],
        clusters: [{ name: "x", cluster: { server: "https://203.0.113.9", ...cluster } }],
        users: [{ name: "x", user }],
      });
    for (const [user, cluster, field] of [
      [{ exec: { apiVersion: "client.authentication.k8s.io/v1", command: "sh", args: ["-c", "id"] } }, {}, "exec"],
      [{ "auth-provider": { name: "gcp" } }, {}, "auth-provider"],
      [{ tokenFile: "/etc/passwd" }, {}, "tokenFile"],
      [{ "client-certificate": "/etc/ssl/cert.pem", "client-key": "/etc/ssl/key.pem" }, {}, "client-certificate"],
      [{ token: "t" }, { "certificate-authority": "/etc/ssl/ca.pem" }, "certificate-authority"],
    ] as const)
      await expect(
        caller.k8sClusters.register({ name: `unsafe-${field}`, kubeconfig: withUser(user, cluster) }),
      ).rejects.toMatchObject({
        code: "BAD_REQUEST",
        message: expect.stringContaining(`"${field}"`),
      });
    const other = await buildTenant({ name: "Elsewhere" });
    const stranger = await callerFor({ userId: other.admin.id, tenantId: other.tenant.id });
    // A workspace that has not allowed the loopback host cannot point a cluster at it.
    await expect(stranger.k8sClusters.register({ name: "loopback", kubeconfig: kube.kubeconfig() })).rejects.toMatchObject({
      message: expect.stringMatching(/loopback/),
    });
    await expect(stranger.k8sClusters.get({ clusterId: cluster.id })).rejects.toMatchObject({ code: "NOT_FOUND" });

    // Egress settings that would open the cloud metadata endpoint are refused before anything is stored.
    await expect(
      caller.k8sClusters.register({ name: "metadata", kubeconfig: kube.kubeconfig(), allowEgressCidrs: ["169.254.169.254/32"] }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/metadata/) });

    // A second cluster, deleted: its namespace goes with it.
    const spare = await startDocumentedKube();
    const temporary = await caller.k8sClusters.register({ name: "spare", kubeconfig: spare.kubeconfig() });
    expect(spare.get("namespaces", null, ns())).toBeTruthy();
    await caller.k8sClusters.delete({ clusterId: temporary.id });
    await waitFor(async () => !spare.get("namespaces", null, ns()), "the namespace to go");
    await spare.close();
  });

  it("refuses a cluster whose server's name resolves to a private, loopback or metadata address, at registration and at each connect", async () => {
    const kubeconfigAt = (host: string) => kube.kubeconfig().replace(new URL(kube.url).hostname, host);
    const register = (name: string, host: string) => caller.k8sClusters.register({ name, kubeconfig: kubeconfigAt(host) });
    dns.setAddresses("api.private.test", ["10.0.0.7"]);
    dns.setAddresses("api.metadata.test", ["169.254.169.254"]);
    dns.setAddresses("api.loopback.test", ["93.184.216.34", "::1"]);
    await expect(register("private", "api.private.test")).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("Refused to connect to api.private.test (10.0.0.7): a private address"),
    });
    await expect(register("metadata", "api.metadata.test")).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("api.metadata.test (169.254.169.254): a linkLocal address"),
    });
    // Any blocked address among a name's refuses it.
    await expect(register("loopback", "api.loopback.test")).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("api.loopback.test (::1): a loopback address"),
    });
    await expect(register("nowhere", "api.nowhere.test")).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("api.nowhere.test does not resolve"),
    });
    expect(dns.questions).toContain("api.private.test");

    // An allowed name may lead to the fake cluster on loopback…
    dns.setAddresses("kube.internal.test", ["127.0.0.1"]);
    const allowed = await caller.outbound.add({ host: "kube.internal.test" });
    const cluster = await register("named", "kube.internal.test");
    expect(cluster).toMatchObject({ serverUrl: expect.stringContaining("kube.internal.test") });
    // …and is checked again at each connect: once it is no longer allowed, the next sync is refused.
    await caller.outbound.remove({ id: allowed.id });
    const synced = await caller.k8sClusters.sync({ clusterId: cluster.id }).catch((error: unknown) => error);
    expect(JSON.stringify(synced)).toContain("Refused to connect to kube.internal.test (127.0.0.1): a loopback address");
    await caller.outbound.add({ host: "kube.internal.test" });
    await caller.k8sClusters.delete({ clusterId: cluster.id });
  });
});
