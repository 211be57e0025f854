import { PassThrough } from "node:stream";
import {
  ApiException,
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  KubeConfig,
  Log,
  NetworkingV1Api,
  PatchStrategy,
  RbacAuthorizationV1Api,
  VersionApi,
  Watch,
  makeInformer,
  setHeaderOptions,
  type V1ConfigMap,
  type V1Job,
} from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startFakeKubeApiServer, type FakeKube, type KubeObject } from ".";

// The fake kube-apiserver, exercised with the real @kubernetes/client-node through a kubeconfig.

let fake: FakeKube;
let kc: KubeConfig;
let core: CoreV1Api;
let batch: BatchV1Api;
let apps: AppsV1Api;
let rbac: RbacAuthorizationV1Api;
let networking: NetworkingV1Api;

beforeAll(async () => {
  fake = await startFakeKubeApiServer({ namespaceTerminationMs: 20 });
  kc = new KubeConfig();
  kc.loadFromString(fake.kubeconfig());
  core = kc.makeApiClient(CoreV1Api);
  batch = kc.makeApiClient(BatchV1Api);
  apps = kc.makeApiClient(AppsV1Api);
  rbac = kc.makeApiClient(RbacAuthorizationV1Api);
  networking = kc.makeApiClient(NetworkingV1Api);
});

afterAll(async () => {
  await fake?.close();
});

/** The ApiException a call fails with, and the Status object the server sent. */
async function failure(call: Promise<unknown>): Promise<{ code: number; status: KubeObject }> {
  try {
    await call;
  } catch (error) {
    expect(error).toBeInstanceOf(ApiException);
    const { code, body } = error as ApiException<unknown>;
    return { code, status: typeof body === "string" && body ? (JSON.parse(body) as KubeObject) : {} };
  }
  throw new Error("expected the call to fail");
}

async function namespace(name: string, labels: Record<string, string> = {}) {
  return core.createNamespace({ body: { metadata: { name, labels } } });
}

const jobBody = (name: string, labels: Record<string, string> = {}): V1Job => ({
  metadata: { name },
  spec: {
    backoffLimit: 0,
    template: {
      metadata: { labels },
      spec: { restartPolicy: "Never", containers: [{ name: "agent", image: "node:20", command: ["node", "-v"] }] },
    },
  },
});

/** Collects a Watch's events until stopped. */
async function watchEvents(path: string, query: Record<string, string> = {}) {
  const events: Array<{ type: string; name: string; object: KubeObject }> = [];
  let ended: unknown = "open";
  const controller = await new Watch(kc).watch(
    path,
    query,
    (type, object: KubeObject) => events.push({ type, name: object.metadata?.name, object }),
    (error) => (ended = error),
  );
  return { events, stop: () => controller.abort(), ended: () => ended };
}

describe("fake kube-apiserver, driven by @kubernetes/client-node", () => {
  it("answers version, discovery and the seeded node", async () => {
    const version = await kc.makeApiClient(VersionApi).getCode();
    expect(version).toMatchObject({ major: "1", minor: "31", gitVersion: "v1.31.0-fake", platform: "linux/amd64" });

    const nodes = await core.listNode();
    expect(nodes.items.map((node) => node.metadata?.name)).toEqual(["fake-node-1"]);
    const node = nodes.items[0]!;
    expect(node.status?.capacity).toMatchObject({ cpu: "8", memory: "32Gi" });
    expect(node.status?.conditions?.find((condition) => condition.type === "Ready")?.status).toBe("True");

    const resources = await batch.getAPIResources();
    expect(resources.resources.map((resource) => resource.name)).toEqual(["jobs", "jobs/status"]);
    const health = await fetch(`${fake.url}/healthz`);
    expect(await health.text()).toBe("ok");
  });

  it("creates namespaces with metadata, lists them by label selector, and answers 409 and 404", async () => {
    const created = await namespace("team-a", { tier: "gold", tenant: "a" });
    expect(created.metadata).toMatchObject({
      name: "team-a",
      generation: 1,
      labels: { tier: "gold", "kubernetes.io/metadata.name": "team-a" },
    });
    expect(created.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number(created.metadata?.resourceVersion)).toBeGreaterThan(0);
    expect(created.status?.phase).toBe("Active");
    await namespace("team-b", { tier: "silver", tenant: "b" });
    await namespace("team-c", { tenant: "c" });

    const names = async (labelSelector: string) =>
      (await core.listNamespace({ labelSelector })).items.map((ns) => ns.metadata?.name);
    expect(await names("tier=gold")).toEqual(["team-a"]);
    expect(await names("tier in (gold,silver)")).toEqual(["team-a", "team-b"]);
    expect(await names("tenant,tier!=gold")).toEqual(["team-b", "team-c"]);
    expect(await names("tenant,!tier")).toEqual(["team-c"]);
    expect((await core.listNamespace({ fieldSelector: "metadata.name=team-b" })).items).toHaveLength(1);
    const list = await core.listNamespace();
    expect(list.kind).toBe("NamespaceList");
    expect(Number(list.metadata?.resourceVersion)).toBeGreaterThanOrEqual(Number(created.metadata?.resourceVersion));

    const duplicate = await failure(namespace("team-a"));
    expect(duplicate.code).toBe(409);
    expect(duplicate.status).toMatchObject({
      kind: "Status",
      status: "Failure",
      reason: "AlreadyExists",
      message: 'namespaces "team-a" already exists',
      details: { name: "team-a", kind: "namespaces" },
    });

    const missing = await failure(core.readNamespace({ name: "nope" }));
    expect(missing).toMatchObject({ code: 404, status: { reason: "NotFound", message: 'namespaces "nope" not found' } });
    const intoMissing = await failure(core.createNamespacedConfigMap({ namespace: "nope", body: { metadata: { name: "x" } } }));
    expect(intoMissing).toMatchObject({ code: 404, status: { reason: "NotFound", message: 'namespaces "nope" not found' } });
    expect(fake.get("namespaces", null, "team-a")?.metadata.labels.tier).toBe("gold");
  });

  it("stores objects as a real API server does: empty lists dropped, defaults filled in", async () => {
    await namespace("stored-shape");
    // Go's omitempty leaves empty lists out of what the server stores and answers, so a
    // manifest that sends `ingress: []` reads back without it; a sync comparing the two
    // must treat them as equal.
    const policy = await networking.createNamespacedNetworkPolicy({
      namespace: "stored-shape",
      body: {
        metadata: { name: "deny" },
        spec: { podSelector: {}, ingress: [], egress: [{ ports: [{ port: 53 }], to: [] }] },
      },
    });
    expect(policy.spec).toEqual({
      podSelector: {},
      egress: [{ ports: [{ port: 53, protocol: "TCP" }] }],
      policyTypes: ["Ingress", "Egress"],
    });
    const stored = await networking.readNamespacedNetworkPolicy({ namespace: "stored-shape", name: "deny" });
    expect(stored.spec).toEqual(policy.spec);

    const job = await batch.createNamespacedJob({ namespace: "stored-shape", body: jobBody("defaults") });
    expect(job.spec).toMatchObject({
      parallelism: 1,
      completions: 1,
      backoffLimit: 0,
      completionMode: "NonIndexed",
      suspend: false,
    });
    expect(job.spec!.template.spec).toMatchObject({ dnsPolicy: "ClusterFirst", terminationGracePeriodSeconds: 30 });
  });

  it("stores a tenant's service account, RBAC, quota, network policy and secret; patches; refuses a stale replace", async () => {
    const ns = "tenant-rbac";
    await namespace(ns);
    await core.createNamespacedServiceAccount({ namespace: ns, body: { metadata: { name: "agent-sa" } } });
    await rbac.createNamespacedRole({
      namespace: ns,
      body: { metadata: { name: "agent-role" }, rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["get", "list"] }] },
    });
    await rbac.createNamespacedRoleBinding({
      namespace: ns,
      body: {
        metadata: { name: "agent-binding" },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "agent-role" },
        subjects: [{ kind: "ServiceAccount", name: "agent-sa", namespace: ns }],
      },
    });
    const quota = await core.createNamespacedResourceQuota({
      namespace: ns,
      body: { metadata: { name: "quota" }, spec: { hard: { pods: "10", "limits.cpu": "4" } } },
    });
    expect(quota.status?.hard).toEqual({ pods: "10", "limits.cpu": "4" });
    await networking.createNamespacedNetworkPolicy({
      namespace: ns,
      body: {
        metadata: { name: "egress-only" },
        spec: { podSelector: { matchLabels: { role: "agent" } }, policyTypes: ["Ingress", "Egress"], egress: [{}] },
      },
    });
    const secret = await core.createNamespacedSecret({
      namespace: ns,
      body: { metadata: { name: "github-token" }, stringData: { token: "ghp_secret" } },
    });
    expect(secret.data).toEqual({ token: Buffer.from("ghp_secret").toString("base64") });
    expect(secret.type).toBe("Opaque");

    // The namespace's "default" service account comes from the service account controller.
    expect(fake.objects("serviceaccounts", ns).map((sa) => sa.metadata.name)).toEqual(["agent-sa", "default"]);
    expect(fake.objects("roles", ns)).toHaveLength(1);
    expect(fake.get("rolebindings", ns, "agent-binding")?.roleRef.name).toBe("agent-role");
    expect(fake.get("networkpolicies", ns, "egress-only")?.spec.policyTypes).toEqual(["Ingress", "Egress"]);

    const patched = await core.patchNamespacedSecret(
      {
        name: "github-token",
        namespace: ns,
        body: { metadata: { labels: { rotated: "yes" } }, data: { extra: Buffer.from("x").toString("base64") } },
      },
      setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
    );
    expect(patched.metadata?.labels).toEqual({ rotated: "yes" });
    expect(Object.keys(patched.data ?? {}).sort()).toEqual(["extra", "token"]);
    expect(Number(patched.metadata?.resourceVersion)).toBeGreaterThan(Number(secret.metadata?.resourceVersion));

    // The client's default patch type is a JSON patch.
    const jsonPatched = await core.patchNamespacedSecret({
      name: "github-token",
      namespace: ns,
      body: [{ op: "remove", path: "/data/extra" }],
    });
    expect(Object.keys(jsonPatched.data ?? {})).toEqual(["token"]);

    const stale = await failure(
      core.replaceNamespacedSecret({ name: "github-token", namespace: ns, body: { ...secret, data: { token: "" } } }),
    );
    expect(stale.code).toBe(409);
    expect(stale.status.reason).toBe("Conflict");
    expect(stale.status.message).toContain("the object has been modified");
    const fresh = await core.replaceNamespacedSecret({
      name: "github-token",
      namespace: ns,
      body: { ...jsonPatched, stringData: { token: "ghp_new" } },
    });
    expect(fresh.data?.token).toBe(Buffer.from("ghp_new").toString("base64"));

    const roleRefChange = await failure(
      rbac.patchNamespacedRoleBinding(
        {
          name: "agent-binding",
          namespace: ns,
          body: { roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "other" } },
        },
        setHeaderOptions("Content-Type", PatchStrategy.StrategicMergePatch),
      ),
    );
    expect(roleRefChange).toMatchObject({ code: 422, status: { reason: "Invalid" } });
    expect(roleRefChange.status.message).toContain("cannot change roleRef");
  });

  it("runs a Job: its pod, watch events, status conditions, logs, and a background delete", async () => {
    const ns = "tenant-jobs";
    await namespace(ns);
    const watch = await watchEvents(`/apis/batch/v1/namespaces/${ns}/jobs`);

    const job = await batch.createNamespacedJob({ namespace: ns, body: jobBody("run-1", { role: "agent" }) });
    expect(job.status).toMatchObject({ active: 1 });
    expect(job.status?.startTime).toBeInstanceOf(Date);
    const pods = await core.listNamespacedPod({ namespace: ns, labelSelector: "job-name=run-1" });
    expect(pods.items).toHaveLength(1);
    const pod = pods.items[0]!;
    expect(pod.metadata?.name).toMatch(/^run-1-[a-z0-9]{5}$/);
    expect(pod.metadata?.labels).toMatchObject({
      role: "agent",
      "job-name": "run-1",
      "batch.kubernetes.io/job-name": "run-1",
      "controller-uid": job.metadata?.uid,
    });
    expect(pod.metadata?.ownerReferences?.[0]).toMatchObject({
      kind: "Job",
      name: "run-1",
      uid: job.metadata?.uid,
      controller: true,
    });
    expect(pod.status?.phase).toBe("Pending");
    const podName = pod.metadata!.name!;

    // Logs cannot be read before the container has started, as on a cluster.
    const waiting = await failure(core.readNamespacedPodLog({ namespace: ns, name: podName }));
    expect(waiting.code).toBe(400);
    expect(waiting.status.message).toContain("is waiting to start");

    fake.setJobStatus(ns, "run-1", "running");
    expect(fake.get("pods", ns, podName)?.status.phase).toBe("Running");
    fake.setPodLogs(ns, podName, "cloning\nrunning agent\n");
    fake.setJobStatus(ns, "run-1", "succeeded", { message: "agent finished" });
    await vi.waitFor(() => expect(watch.events.map((event) => event.type)).toEqual(["ADDED", "MODIFIED", "MODIFIED"]));
    watch.stop();
    expect(watch.events[0]).toMatchObject({ name: "run-1" });

    const done = await batch.readNamespacedJobStatus({ namespace: ns, name: "run-1" });
    expect(done.status?.succeeded).toBe(1);
    expect(done.status?.completionTime).toBeInstanceOf(Date);
    expect(done.status?.conditions?.find((condition) => condition.type === "Complete")).toMatchObject({
      status: "True",
      message: "agent finished",
    });
    expect(fake.get("pods", ns, podName)?.status.phase).toBe("Succeeded");

    expect(await core.readNamespacedPodLog({ namespace: ns, name: podName })).toBe("cloning\nrunning agent\n");
    expect(await core.readNamespacedPodLog({ namespace: ns, name: podName, tailLines: 1 })).toBe("running agent\n");

    const failed = await batch.createNamespacedJob({ namespace: ns, body: jobBody("run-2") });
    fake.setJobStatus(ns, "run-2", "failed", { message: "exit 1" });
    const failedJob = fake.get("jobs", ns, failed.metadata!.name!)!;
    expect(failedJob.status).toMatchObject({ failed: 1 });
    expect(failedJob.status.conditions.map((condition: KubeObject) => condition.type)).toContain("Failed");

    // batch/v1 orphans a job's pods by default; Background (like kubectl) deletes them.
    await batch.deleteNamespacedJob({ namespace: ns, name: "run-2" });
    const orphan = fake.objects("pods", ns).find((candidate) => candidate.metadata.labels["job-name"] === "run-2");
    expect(orphan?.metadata.ownerReferences).toBeUndefined();
    const deleted = await batch.deleteNamespacedJob({ namespace: ns, name: "run-1", propagationPolicy: "Background" });
    expect(deleted).toMatchObject({ status: "Success" });
    expect(fake.get("jobs", ns, "run-1")).toBeUndefined();
    expect(fake.get("pods", ns, podName)).toBeUndefined();
    expect(await failure(batch.readNamespacedJob({ namespace: ns, name: "run-1" }))).toMatchObject({
      code: 404,
      status: { message: 'jobs.batch "run-1" not found' },
    });
  });

  it("streams followed logs through the Log class until the pod ends", async () => {
    const ns = "tenant-logs";
    await namespace(ns);
    await batch.createNamespacedJob({ namespace: ns, body: jobBody("follow") });
    const podName = fake.objects("pods", ns)[0]!.metadata.name as string;
    fake.setJobStatus(ns, "follow", "running");
    fake.setPodLogs(ns, podName, "line 1\n");

    const stream = new PassThrough();
    let received = "";
    stream.on("data", (chunk: Buffer) => (received += chunk.toString()));
    const ended = new Promise<void>((resolve) => stream.on("end", resolve));
    await new Log(kc).log(ns, podName, "agent", stream, { follow: true });

    await vi.waitFor(() => expect(received).toBe("line 1\n"));
    fake.appendPodLogs(ns, podName, "line 2\n");
    await vi.waitFor(() => expect(received).toBe("line 1\nline 2\n"));
    fake.setPodLogs(ns, podName, "line 1\nline 2\nline 3\n");
    fake.setJobStatus(ns, "follow", "succeeded");
    await ended;
    expect(received).toBe("line 1\nline 2\nline 3\n");
  });

  it("watches from a resourceVersion, follows selector changes, and feeds an informer", async () => {
    const ns = "tenant-watch";
    await namespace(ns);
    const first = await core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: "one", labels: { app: "x" } }, data: { a: "1" } },
    });
    const watch = await watchEvents(`/api/v1/namespaces/${ns}/configmaps`, {
      labelSelector: "app=x",
      resourceVersion: first.metadata!.resourceVersion!,
    });
    await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: "two", labels: { app: "x" } } } });
    await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: "other", labels: { app: "y" } } } });
    await core.patchNamespacedConfigMap(
      { namespace: ns, name: "one", body: { metadata: { labels: { app: "y" } } } },
      setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
    );
    await core.deleteNamespacedConfigMap({ namespace: ns, name: "two" });
    await vi.waitFor(() =>
      expect(watch.events.map(({ type, name }) => `${type} ${name}`)).toEqual(["ADDED two", "DELETED one", "DELETED two"]),
    );
    watch.stop();

    const listFn = () => core.listNamespacedConfigMap({ namespace: ns });
    const informer = makeInformer<V1ConfigMap>(kc, `/api/v1/namespaces/${ns}/configmaps`, listFn);
    const added: string[] = [];
    informer.on("add", (object) => added.push(object.metadata!.name!));
    await informer.start();
    await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: "three" } } });
    await vi.waitFor(() => expect(added.sort()).toEqual(["one", "other", "three"]));
    await informer.stop();
  });

  it("answers a watch from a compacted resourceVersion with a 410 ERROR event, then a fresh watch works", async () => {
    const small = await startFakeKubeApiServer({ watchHistory: 5 });
    try {
      const config = new KubeConfig();
      config.loadFromString(small.kubeconfig());
      const api = config.makeApiClient(CoreV1Api);
      for (const name of ["a", "b", "c", "d", "e", "f"])
        await api.createNamespacedConfigMap({ namespace: "default", body: { metadata: { name } } });

      const events: Array<{ type: string; object: KubeObject }> = [];
      let ended: unknown = "open";
      await new Watch(config).watch(
        "/api/v1/namespaces/default/configmaps",
        { resourceVersion: "1" },
        (type, object: KubeObject) => events.push({ type, object }),
        (error) => (ended = error),
      );
      await vi.waitFor(() => expect(ended).toBeNull());
      expect(events).toEqual([
        { type: "ERROR", object: expect.objectContaining({ kind: "Status", code: 410, reason: "Expired" }) },
      ]);

      const recent = (await api.listNamespacedConfigMap({ namespace: "default" })).metadata!.resourceVersion!;
      const replay: string[] = [];
      const controller = await new Watch(config).watch(
        "/api/v1/namespaces/default/configmaps",
        { resourceVersion: recent },
        (type, object: KubeObject) => replay.push(`${type} ${object.metadata.name}`),
        () => {},
      );
      await api.deleteNamespacedConfigMap({ namespace: "default", name: "a" });
      await vi.waitFor(() => expect(replay).toEqual(["DELETED a"]));
      controller.abort();
    } finally {
      await small.close();
    }
  });

  it("handles deployments, services and ingresses, and deleting a namespace removes its content", async () => {
    const ns = "tenant-preview";
    await namespace(ns);
    const deployment = await apps.createNamespacedDeployment({
      namespace: ns,
      body: {
        metadata: { name: "preview" },
        spec: {
          replicas: 2,
          selector: { matchLabels: { app: "preview" } },
          template: { metadata: { labels: { app: "preview" } }, spec: { containers: [{ name: "web", image: "nginx:1.27" }] } },
        },
      },
    });
    expect(deployment.status).toMatchObject({ readyReplicas: 2, availableReplicas: 2 });
    expect(deployment.status?.conditions?.find((condition) => condition.type === "Available")?.status).toBe("True");
    const scaled = await apps.patchNamespacedDeployment(
      { namespace: ns, name: "preview", body: { spec: { replicas: 3 } } },
      setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
    );
    expect(scaled.metadata?.generation).toBe(2);
    expect(scaled.status?.readyReplicas).toBe(3);
    const scale = await apps.replaceNamespacedDeploymentScale({
      namespace: ns,
      name: "preview",
      body: { metadata: { name: "preview", namespace: ns }, spec: { replicas: 0 } },
    });
    expect(scale).toMatchObject({ spec: { replicas: 0 }, status: { selector: "app=preview" } });
    expect(fake.get("deployments", ns, "preview")?.status.readyReplicas).toBeUndefined();

    const service = await core.createNamespacedService({
      namespace: ns,
      body: { metadata: { name: "preview" }, spec: { selector: { app: "preview" }, ports: [{ port: 80, targetPort: 8080 }] } },
    });
    expect(service.spec?.clusterIP).toMatch(/^10\.96\.\d+\.\d+$/);
    expect(service.spec?.type).toBe("ClusterIP");
    const relabelled = await core.replaceNamespacedService({
      namespace: ns,
      name: "preview",
      body: { ...service, metadata: { ...service.metadata, labels: { v: "2" } } },
    });
    expect(relabelled.metadata?.labels).toEqual({ v: "2" });

    await networking.createNamespacedIngress({
      namespace: ns,
      body: {
        metadata: { name: "preview" },
        spec: {
          rules: [
            {
              host: "preview.example.test",
              http: {
                paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "preview", port: { number: 80 } } } }],
              },
            },
          ],
        },
      },
    });
    expect(
      (await networking.listNamespacedIngress({ namespace: ns })).items.map((ingress) => ingress.spec?.rules?.[0]?.host),
    ).toEqual(["preview.example.test"]);
    await networking.deleteNamespacedIngress({ namespace: ns, name: "preview" });
    expect(fake.objects("ingresses", ns)).toEqual([]);

    const terminating = await core.deleteNamespace({ name: ns });
    expect(terminating).toMatchObject({ status: { phase: "Terminating" } });
    expect(fake.objects("deployments", ns)).toEqual([]);
    expect(fake.objects("services", ns)).toEqual([]);
    expect(fake.objects("serviceaccounts", ns)).toEqual([]);
    await vi.waitFor(() => expect(fake.get("namespaces", null, ns)).toBeUndefined());
    expect(await failure(core.readNamespace({ name: ns }))).toMatchObject({ code: 404 });
  });

  it("rejects what a real server rejects: bad names, a Job that restarts Always, bad label values", async () => {
    await namespace("tenant-invalid");
    const badName = await failure(
      core.createNamespacedConfigMap({ namespace: "tenant-invalid", body: { metadata: { name: "Bad_Name" } } }),
    );
    expect(badName).toMatchObject({
      code: 422,
      status: {
        reason: "Invalid",
        details: { name: "Bad_Name", kind: "ConfigMap", causes: [{ field: "metadata.name", reason: "FieldValueInvalid" }] },
      },
    });
    expect(badName.status.message).toContain('ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name"');

    const restartsAlways = jobBody("restarts");
    delete restartsAlways.spec!.template.spec!.restartPolicy;
    const job = await failure(batch.createNamespacedJob({ namespace: "tenant-invalid", body: restartsAlways }));
    expect(job.code).toBe(422);
    expect(job.status.message).toContain('spec.template.spec.restartPolicy: Unsupported value: "Always"');

    const label = await failure(
      core.createNamespacedConfigMap({
        namespace: "tenant-invalid",
        body: { metadata: { name: "ok", labels: { url: "https://x" } } },
      }),
    );
    expect(label.code).toBe(422);

    const generated = await core.createNamespacedConfigMap({
      namespace: "tenant-invalid",
      body: { metadata: { generateName: "cm-" } },
    });
    expect(generated.metadata?.name).toMatch(/^cm-[a-z0-9]{5}$/);
  });

  it("validates every object written against its schema: an invalid create, replace or patch answers 422 Invalid", async () => {
    await namespace("tenant-schema");
    const send = (method: string, path: string, body: unknown, contentType = "application/json") =>
      fetch(`${fake.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${fake.token}`, "content-type": contentType },
        body: JSON.stringify(body),
      });
    const pods = "/api/v1/namespaces/tenant-schema/pods";
    const pod = (container: Record<string, unknown>) => ({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "p" },
      spec: { containers: [{ name: "main", image: "node:20", ...container }] },
    });

    const wrongType = await send("POST", pods, pod({ ports: [{ containerPort: "http" }] }));
    expect(wrongType.status).toBe(422);
    expect(await wrongType.json()).toMatchObject({
      kind: "Status",
      status: "Failure",
      reason: "Invalid",
      code: 422,
      message: expect.stringContaining('Pod "p" is invalid: spec.containers[0].ports[0].containerPort: Invalid value: "http"'),
      details: {
        name: "p",
        kind: "Pod",
        causes: [{ field: "spec.containers[0].ports[0].containerPort", reason: "FieldValueInvalid" }],
      },
    });
    const missing = await send("POST", pods, { apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: {} });
    expect(missing.status).toBe(422);
    expect(await missing.json()).toMatchObject({
      details: { causes: [{ field: "spec.containers", reason: "FieldValueRequired" }] },
    });
    expect((await send("POST", pods, pod({}))).status).toBe(201);

    const configMap = (data: unknown) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "settings" }, data });
    const configMaps = "/api/v1/namespaces/tenant-schema/configmaps";
    expect((await send("POST", configMaps, configMap({ mode: "fast" }))).status).toBe(201);
    const replaced = await send("PUT", `${configMaps}/settings`, configMap({ mode: 3 }));
    expect(replaced.status).toBe(422);
    expect(await replaced.json()).toMatchObject({ reason: "Invalid", details: { causes: [{ field: "data.mode" }] } });
    const patched = await send("PATCH", `${configMaps}/settings`, { data: { mode: true } }, "application/merge-patch+json");
    expect(patched.status).toBe(422);
    expect(await patched.json()).toMatchObject({ reason: "Invalid", details: { causes: [{ field: "data.mode" }] } });
    // Nothing invalid was stored.
    expect((await core.readNamespacedConfigMap({ namespace: "tenant-schema", name: "settings" })).data).toEqual({ mode: "fast" });
  });

  it("wants the bearer token on every API request (401 Status)", async () => {
    const anonymous = await fetch(`${fake.url}/api/v1/namespaces`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ kind: "Status", status: "Failure", reason: "Unauthorized", code: 401 });

    const wrong = new KubeConfig();
    wrong.loadFromString(fake.kubeconfig().replace(fake.token, "not-the-token"));
    expect(await failure(wrong.makeApiClient(CoreV1Api).listNamespace())).toMatchObject({ code: 401 });
    expect(
      fake.requests.some((request) => request.method === "POST" && request.path === "/apis/batch/v1/namespaces/tenant-jobs/jobs"),
    ).toBe(true);
  });

  it('with rbac "documented", grants the app exactly the doc\'s rules (403 Forbidden otherwise), records each call, and lets the admin do anything', async () => {
    const documented = await startFakeKubeApiServer({ rbac: "documented" });
    try {
      const app = new KubeConfig();
      app.loadFromString(documented.kubeconfig());
      const appCore = app.makeApiClient(CoreV1Api);
      const appBatch = app.makeApiClient(BatchV1Api);
      const admin = new KubeConfig();
      admin.loadFromString(documented.adminKubeconfig());

      // Granted: namespaces are created and listed, Jobs created, a pod's log read; /version is open to all.
      await appCore.createNamespace({ body: { metadata: { name: "tenant-rbac" } } });
      await appCore.listNamespace();
      await app.makeApiClient(VersionApi).getCode();
      await appBatch.createNamespacedJob({
        namespace: "tenant-rbac",
        body: {
          metadata: { name: "job" },
          spec: { template: { spec: { restartPolicy: "Never", containers: [{ name: "c", image: "busybox" }] } } },
        },
      });

      // Not in the doc: ConfigMaps at all, patching a Job, deleting namespaces as a collection. Nothing is written.
      const denied = await failure(
        appCore.createNamespacedConfigMap({ namespace: "tenant-rbac", body: { metadata: { name: "settings" } } }),
      );
      expect(denied).toMatchObject({
        code: 403,
        status: {
          kind: "Status",
          status: "Failure",
          reason: "Forbidden",
          code: 403,
          details: { kind: "configmaps" },
          message:
            'configmaps is forbidden: User "system:serviceaccount:assembly-lime-system:assembly-lime" cannot create resource "configmaps" in API group "" in the namespace "tenant-rbac"',
        },
      });
      expect(documented.objects("configmaps", "tenant-rbac")).toEqual([]);
      expect(
        await failure(
          appBatch.patchNamespacedJob(
            { namespace: "tenant-rbac", name: "job", body: { metadata: { labels: { a: "b" } } } },
            setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
          ),
        ),
      ).toMatchObject({
        code: 403,
        status: {
          details: { name: "job", group: "batch", kind: "jobs" },
          message: expect.stringContaining('jobs.batch "job" is forbidden: User'),
        },
      });
      expect((await failure(appCore.listNode({ watch: true }))).status.message).toContain(
        'cannot watch resource "nodes" in API group "" at the cluster scope',
      );

      expect(documented.calls.map(({ verb, group, resource, allowed }) => `${verb} ${group}/${resource} ${allowed}`)).toEqual([
        "create /namespaces true",
        "list /namespaces true",
        "create batch/jobs true",
        "create /configmaps false",
        "patch batch/jobs false",
        "watch /nodes false",
      ]);

      // The admin's calls are neither restricted nor recorded.
      await admin.makeApiClient(CoreV1Api).createNamespacedConfigMap({ namespace: "tenant-rbac", body: { metadata: { name: "settings" } } });
      expect(documented.objects("configmaps", "tenant-rbac")).toHaveLength(1);
      expect(documented.calls).toHaveLength(6);
    } finally {
      await documented.close();
    }
  });
});
