import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { V1ClusterRole, V1Deployment } from "@kubernetes/client-node";
import { parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { documentedRules, permissions } from "../../test/helpers/documented-rbac";
import { expectRestricted, expectValidManifest } from "../../test/helpers/kube-manifests";
import { renderDeployment } from "./render";
import { parseDeployValues, REQUIRED_SECRET_VARIABLES, SECRET_VARIABLES, type DeployValues } from "./values";

const root = path.resolve(import.meta.dirname, "../..");
const exampleFile = path.join(root, "k8s/deploy/values.example.json");
const example = () => JSON.parse(readFileSync(exampleFile, "utf8")) as Record<string, unknown>;

/** Values whose secret section is distinctive, so any leak of it shows up in a plain text search. */
const SECRET_NAME = "zz-secret-name-7c1e";
const SECRET_KEYS = { DATABASE_URL: "zz-key-database-9f2a", ANTHROPIC_API_KEY: "zz-key-anthropic-41bd" } as const;
function distinctiveValues(overrides: Partial<Record<keyof DeployValues, unknown>> = {}) {
  return parseDeployValues({ ...example(), secret: { name: SECRET_NAME, keys: SECRET_KEYS }, ...overrides });
}

type Manifest = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } };
const rendered = (values: DeployValues) => renderDeployment(values) as Manifest[];
const find = <T>(manifests: Manifest[], kind: string, name: string) =>
  manifests.find((m) => m.kind === kind && m.metadata.name === name) as T | undefined;

describe("rendering the app's deployment", () => {
  const values = distinctiveValues();
  const manifests = rendered(values);
  const web = find<V1Deployment>(manifests, "Deployment", "assembly-lime-web")!;
  const worker = find<V1Deployment>(manifests, "Deployment", "assembly-lime-worker")!;

  it("renders every object, each valid against the Kubernetes schemas", () => {
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`)).toEqual([
      "Namespace/assembly-lime",
      "ServiceAccount/assembly-lime",
      "Secret/assembly-lime-token",
      "ClusterRole/assembly-lime-cluster",
      "ClusterRole/assembly-lime-tenant",
      "ClusterRoleBinding/assembly-lime-cluster",
      "ClusterRoleBinding/assembly-lime-tenant",
      "ConfigMap/assembly-lime",
      "Service/assembly-lime",
      "Deployment/assembly-lime-web",
      "Deployment/assembly-lime-worker",
      "PodDisruptionBudget/assembly-lime-web",
      "PodDisruptionBudget/assembly-lime-worker",
      "HorizontalPodAutoscaler/assembly-lime-web",
      "Ingress/assembly-lime",
    ]);
    for (const manifest of manifests) expectValidManifest(manifest);
    for (const manifest of manifests.filter((m) => !m.kind.startsWith("Cluster") && m.kind !== "Namespace"))
      expect(manifest.metadata.namespace).toBe("assembly-lime");
  });

  it("the example values file renders and validates, also through the CLI as YAML", () => {
    const output = execFileSync(process.execPath, ["--import", "tsx", "k8s/deploy/cli.ts", exampleFile], {
      cwd: root,
      encoding: "utf8",
    });
    const documents = parseAllDocuments(output).map((document) => document.toJS() as Manifest);
    expect(documents).toEqual(JSON.parse(JSON.stringify(rendered(parseDeployValues(example())))));
    for (const manifest of documents) expectValidManifest(manifest);
  });

  it("runs the roles apart, with probes on /healthz and /readyz and a grace period longer than the app's drain", () => {
    for (const [deployment, role] of [
      [web, "web"],
      [worker, "worker"],
    ] as const) {
      const pod = deployment.spec!.template.spec!;
      const app = pod.containers[0]!;
      const env = new Map(app.env!.map((e) => [e.name, e]));
      expect(env.get("ROLE")?.value).toBe(role);
      expect(env.get("PORT")?.value).toBe("3434");
      expect(app.readinessProbe?.httpGet).toEqual({ path: "/readyz", port: "http" });
      expect(app.livenessProbe?.httpGet).toEqual({ path: "/healthz", port: "http" });
      expect(app.startupProbe?.httpGet).toEqual({ path: "/healthz", port: "http" });
      expect(app.lifecycle?.preStop?.exec?.command).toEqual(["sleep", "5"]);
      const grace = Number(env.get("SHUTDOWN_GRACE_SECONDS")?.value);
      expect(grace).toBe(values[role].shutdownGraceSeconds);
      expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(5 + grace);
      expect(deployment.spec!.template.metadata!.labels).toMatchObject(deployment.spec!.selector.matchLabels!);
      expect(app.envFrom).toEqual([{ configMapRef: { name: "assembly-lime" } }]);
    }
    expect(web.spec!.replicas).toBeUndefined();
    expect(worker.spec!.replicas).toBe(2);
    const service = find<{ spec: { selector: Record<string, string> } }>(manifests, "Service", "assembly-lime")!;
    expect(web.spec!.template.metadata!.labels).toMatchObject(service.spec.selector);
    expect(worker.spec!.template.metadata!.labels).not.toMatchObject(service.spec.selector);
  });

  it("passes Pod Security restricted: non-root uid 1000, no escalation, no capabilities, RuntimeDefault seccomp, only emptyDir", () => {
    for (const deployment of [web, worker]) {
      const pod = deployment.spec!.template.spec!;
      expectRestricted(pod);
      expect(pod.volumes).toEqual([
        { name: "tmp", emptyDir: {} },
        { name: "data", emptyDir: {} },
      ]);
      expect(pod.containers[0]!.volumeMounts!.map((m) => m.mountPath)).toEqual(["/tmp", "/data"]);
    }
    const namespace = find<{ metadata: { labels: Record<string, string> } }>(manifests, "Namespace", "assembly-lime")!;
    expect(namespace.metadata.labels["pod-security.kubernetes.io/enforce"]).toBe("restricted");
    // The app's own namespace must not look like a tenant namespace to the app.
    expect(namespace.metadata.labels["app.kubernetes.io/managed-by"]).toBeUndefined();
  });

  it("references secrets only: the Secret's name and keys appear in secretKeyRef and nowhere else", () => {
    const json = JSON.stringify(manifests);
    const refs: string[] = [];
    const withoutRefs = JSON.stringify(manifests, (key, value: unknown) => {
      if (key !== "secretKeyRef") return value;
      const ref = value as { name: string; key: string };
      refs.push(`${ref.name}/${ref.key}`);
      return undefined;
    });
    for (const distinctive of [SECRET_NAME, ...Object.values(SECRET_KEYS)]) {
      expect(json).toContain(distinctive);
      expect(withoutRefs).not.toContain(distinctive);
    }
    expect(refs).toContain(`${SECRET_NAME}/zz-key-database-9f2a`);
    expect(refs).toContain(`${SECRET_NAME}/SESSION_SECRET`);
    const env = web.spec!.template.spec!.containers[0]!.env!;
    for (const name of SECRET_VARIABLES) {
      const variable = env.find((e) => e.name === name)!;
      expect(variable.value).toBeUndefined();
      expect(variable.valueFrom?.secretKeyRef?.optional).toBe(!REQUIRED_SECRET_VARIABLES.includes(name));
    }
    const configMap = find<{ data: Record<string, string> }>(manifests, "ConfigMap", "assembly-lime")!;
    for (const name of SECRET_VARIABLES) expect(configMap.data[name]).toBeUndefined();
  });

  it("grants the app exactly the RBAC docs/kubernetes.md lists", () => {
    const documented = Object.fromEntries(
      Object.entries(documentedRules()).map(([name, rules]) => [name, permissions(rules)]),
    );
    expect(Object.keys(documented).sort()).toEqual(["assembly-lime-cluster", "assembly-lime-tenant"]);
    for (const [name, granted] of Object.entries(documented)) {
      const role = find<V1ClusterRole>(manifests, "ClusterRole", name)!;
      expect(permissions(role.rules!), name).toEqual(granted);
    }
    const subjects = manifests
      .filter((m) => m.kind === "ClusterRoleBinding")
      .map((m) => (m as unknown as { subjects: unknown[] }).subjects);
    for (const subject of subjects)
      expect(subject).toEqual([{ kind: "ServiceAccount", name: "assembly-lime", namespace: "assembly-lime" }]);
  });

  it("renders no cluster-wide RBAC and no namespace when they are turned off", () => {
    const kinds = rendered(distinctiveValues({ clusterRBAC: false, namespace: { name: "lime", create: false } })).map(
      (m) => m.kind,
    );
    expect(kinds).not.toContain("ClusterRole");
    expect(kinds).not.toContain("ClusterRoleBinding");
    expect(kinds).not.toContain("Secret");
    expect(kinds).not.toContain("Namespace");
  });

  it("routes the host to the web Service with SSE-friendly ingress-nginx settings, TLS and class", () => {
    const ingress = find<{
      metadata: { annotations: Record<string, string> };
      spec: { ingressClassName?: string; tls?: unknown; rules: { host: string; http: { paths: { backend: unknown }[] } }[] };
    }>(manifests, "Ingress", "assembly-lime")!;
    expect(ingress.spec.ingressClassName).toBe("nginx");
    expect(ingress.spec.tls).toEqual([{ hosts: ["lime.example.com"], secretName: "lime-example-com-tls" }]);
    expect(ingress.spec.rules[0]!.host).toBe("lime.example.com");
    expect(ingress.spec.rules[0]!.http.paths[0]!.backend).toEqual({ service: { name: "assembly-lime", port: { name: "http" } } });
    expect(ingress.metadata.annotations).toMatchObject({
      "nginx.ingress.kubernetes.io/proxy-buffering": "off",
      "nginx.ingress.kubernetes.io/proxy-read-timeout": "3600",
      "nginx.ingress.kubernetes.io/proxy-body-size": "2m",
    });
    const hpa = find<{ spec: { minReplicas: number; maxReplicas: number; scaleTargetRef: { name: string } } }>(
      manifests,
      "HorizontalPodAutoscaler",
      "assembly-lime-web",
    )!;
    expect(hpa.spec).toMatchObject({ minReplicas: 2, maxReplicas: 6, scaleTargetRef: { name: "assembly-lime-web" } });
  });

  it("is deterministic", () => {
    expect(JSON.stringify(rendered(distinctiveValues()))).toBe(JSON.stringify(manifests));
  });
});

describe("deploy values", () => {
  it.each([
    [{ web: { ...(example().web as object), maxReplicas: 1 } }, "web.maxReplicas: at least minReplicas"],
    [{ image: { repository: "r", tag: "latest" } }, "image.tag: pin a tag other than latest"],
    [{ config: { APP_URL: "https://lime.example.com", DATABASE_URL: "postgres://u:p@db/x" } }, "config.DATABASE_URL: a secret"],
    [{ config: { APP_URL: "https://lime.example.com", ROLE: "web" } }, "config.ROLE: set by the renderer"],
    [{ config: { LOG_LEVEL: "info" } }, "config.APP_URL"],
    [{ secret: { name: "Bad_Name" } }, "secret.name: a DNS subdomain"],
    [{ ingress: { host: "lime.example.com", tls: "x" } }, "ingress: Unrecognized key"],
    [
      { worker: { replicas: 1, resources: { requests: { cpu: "lots", memory: "1Gi" }, limits: { cpu: "1", memory: "1Gi" } } } },
      "worker.resources.requests.cpu",
    ],
  ])("refuses bad values, naming the field (%#)", (override, message) => {
    expect(() => parseDeployValues({ ...example(), ...override })).toThrow(message);
  });
});
