import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import * as k8sClient from "@kubernetes/client-node";
import ipaddr from "ipaddr.js";
import { describe, expect, it } from "vitest";
import {
  DNS_1035_LABEL,
  DNS_LABEL,
  LABEL_VALUE,
  allContainers,
  expectRestricted,
  expectValidManifest,
  type PodSpecLike,
} from "../test/helpers/kube-manifests";
import {
  AGENT_SERVICE_ACCOUNT_NAME,
  BLOCKED_EGRESS_CIDRS,
  agentJob,
  agentNetworkPolicy,
  agentServiceAccount,
  dnsLabel,
  gitCredentialSecret,
  namespaceManifest,
  previewDeployment,
  previewHost,
  previewIngress,
  previewService,
  resourceQuota,
  runEnvSecret,
  runEnvSecretName,
  runTokenSecret,
  sandboxPod,
  tenantBaseManifests,
  tenantNamespaceName,
  type AgentJobInput,
} from "./manifests";

/** The kubelet expands `$(NAME)` in command/args when NAME is a defined env var: none may be hit by accident. */
function expectNoKubeletExpansion(container: k8sClient.V1Container) {
  const text = [...(container.command ?? []), ...(container.args ?? [])].join("\n");
  for (const env of container.env ?? []) expect(text).not.toContain(`$(${env.name})`);
}

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

const GIT_TOKEN_VALUE = "ghs_SUPERSECRETgittoken0123456789abcdefABCDEF";
const RUN_TOKEN_VALUE = "run-token-SUPERSECRET-7f1c2d3e4b5a69788796a5b4c3d2e1f0";

const tenants = {
  plain: "acme",
  long: "a-very-long-tenant-slug-".repeat(10) + "end",
  odd: "  ACME Corp!! Über/ß__..tenant--  ",
  digits: "42",
};

function jobInput(overrides: Partial<AgentJobInput> = {}): AgentJobInput {
  const tenantSlug = overrides.tenantSlug ?? tenants.plain;
  return {
    namespace: tenantNamespaceName(tenantSlug),
    tenantSlug,
    runId: "3f9c1a52-0b7e-4c1e-9d2a-5e6f7a8b9c0d",
    image: "registry.example.com/assembly-lime:1.2.3",
    cloneUrl: "https://github.com/acme/widgets.git",
    baseBranch: "main",
    branch: "al/run-3f9c1a52-fix-login",
    connectorId: 17,
    appUrl: "https://lime.example.com",
    ...overrides,
  };
}

function envOf(container: k8sClient.V1Container): Map<string, k8sClient.V1EnvVar> {
  return new Map((container.env ?? []).map((e) => [e.name, e]));
}

function podSpecOfJob(job: ReturnType<typeof agentJob>): PodSpecLike {
  return job.spec!.template.spec!;
}

// ---------------------------------------------------------------------------------------------
// dnsLabel and names
// ---------------------------------------------------------------------------------------------

describe("dnsLabel", () => {
  const samples = [
    "acme",
    "ACME Corp",
    "feature/add-login",
    "--weird__name..",
    "ß∂ƒ©",
    "",
    "---",
    "x".repeat(63),
    "x".repeat(64),
    "y".repeat(500),
    "a-".repeat(40),
    "feature/" + "very-long-branch-name-".repeat(8),
    "0123456789",
  ];

  it("always returns a valid DNS-1123 label of at most maxLength", () => {
    for (const text of samples) {
      for (const max of [63, 40, 20, 10, 9, 5, 1]) {
        const label = dnsLabel(text, max);
        expect(label, `${JSON.stringify(text)} / ${max}`).toMatch(DNS_LABEL);
        expect(label.length).toBeLessThanOrEqual(max);
      }
    }
  });

  it("keeps already-valid labels and normalizes others", () => {
    expect(dnsLabel("acme")).toBe("acme");
    expect(dnsLabel("x".repeat(63))).toBe("x".repeat(63));
    expect(dnsLabel("ACME Corp")).toBe("acme-corp");
    expect(dnsLabel("feature/add-login")).toBe("feature-add-login");
    expect(dnsLabel("--weird__name..")).toBe("weird-name");
  });

  it("is deterministic", () => {
    for (const text of samples) expect(dnsLabel(text)).toBe(dnsLabel(text));
    expect(dnsLabel("y".repeat(500), 30)).toBe(dnsLabel("y".repeat(500), 30));
  });

  it("keeps distinct long inputs distinct through the hash suffix", () => {
    const prefix = "feature/" + "shared-prefix-".repeat(6);
    const a = dnsLabel(prefix + "alpha");
    const b = dnsLabel(prefix + "beta");
    expect(a).not.toBe(b);
    expect(a.slice(0, 40)).toBe(b.slice(0, 40));
    expect(a).toMatch(/-[0-9a-f]{8}$/);
    expect(a).toHaveLength(63);
    // And many inputs that truncate to the same head all differ.
    const labels = new Set(Array.from({ length: 200 }, (_, i) => dnsLabel(`${prefix}${i}`, 30)));
    expect(labels.size).toBe(200);
  });

  it("maps text with nothing usable to a hash instead of an empty name", () => {
    expect(dnsLabel("")).toMatch(DNS_LABEL);
    expect(dnsLabel("___")).not.toBe(dnsLabel("!!!"));
  });

  it("rejects an impossible maxLength", () => {
    expect(() => dnsLabel("x", 0)).toThrow(RangeError);
    expect(() => dnsLabel("x", 64)).toThrow(RangeError);
  });
});

describe("names", () => {
  it("tenantNamespaceName is al-<slug>, DNS-safe", () => {
    expect(tenantNamespaceName("acme")).toBe("al-acme");
    expect(tenantNamespaceName("Acme Corp")).toBe("al-acme-corp");
    for (const slug of Object.values(tenants)) {
      const name = tenantNamespaceName(slug);
      expect(name).toMatch(DNS_LABEL);
      expect(name.startsWith("al-")).toBe(true);
      expect(name.length).toBeLessThanOrEqual(63);
    }
  });

  it("previewHost keeps the first label ≤ 63 and stays distinct", () => {
    expect(previewHost({ branch: "feature/login", repo: "Widgets", domain: "preview.example.com" })).toBe(
      "feature-login-widgets.preview.example.com",
    );
    const long = "feature/" + "an-extremely-long-branch-name-".repeat(5);
    const hosts = [
      previewHost({ branch: long + "a", repo: "widgets", domain: "preview.example.com" }),
      previewHost({ branch: long + "b", repo: "widgets", domain: "preview.example.com" }),
      previewHost({ branch: long, repo: "a-repository-with-a-really-really-long-name-indeed", domain: "Preview.Example.com" }),
      previewHost({ branch: "x", repo: "r".repeat(200), domain: "p.example.com" }),
    ];
    for (const host of hosts) {
      const [first, ...rest] = host.split(".");
      expect(first!.length).toBeLessThanOrEqual(63);
      expect(first).toMatch(DNS_LABEL);
      expect(rest.every((part) => DNS_LABEL.test(part))).toBe(true);
    }
    expect(hosts[0]).not.toBe(hosts[1]);
    expect(hosts[0]!.split(".")[0]).toMatch(/-widgets$/);
    expect(hosts[2]!.endsWith(".preview.example.com")).toBe(true);
    expect(() => previewHost({ branch: "x", repo: "y", domain: "bad domain" })).toThrow();
  });
});

// ---------------------------------------------------------------------------------------------
// Every builder against the official schemas
// ---------------------------------------------------------------------------------------------

describe.each(Object.entries(tenants))("schema validation (tenant %s)", (_label, tenantSlug) => {
  const namespace = tenantNamespaceName(tenantSlug);
  const tenant = { namespace, tenantSlug };

  it("tenant scaffolding", () => {
    for (const manifest of tenantBaseManifests({ tenantSlug, allowEgressCidrs: ["10.1.2.3/32"] })) expectValidManifest(manifest);
    expectValidManifest(namespaceManifest({ tenantSlug }));
    expectValidManifest(agentServiceAccount(tenant));
    expectValidManifest(resourceQuota(tenant));
    expectValidManifest(resourceQuota({ ...tenant, cpu: "2500m", memory: "3Gi", pods: 3 }));
    expectValidManifest(agentNetworkPolicy(tenant));
    expectValidManifest(agentNetworkPolicy({ ...tenant, allowEgressCidrs: ["10.96.0.10/32", "fd00::1/128"] }));
    expectValidManifest(agentNetworkPolicy({ ...tenant, allowEgressCidrs: ["0.0.0.0/0"], dnsEgressCidrs: ["169.254.0.0/16"] }));
    // Node-local DNS caches are the usual reason for dnsEgressCidrs: alone, and as provisioning writes them.
    expectValidManifest(agentNetworkPolicy({ ...tenant, dnsEgressCidrs: ["169.254.20.10/32", "fd00:10::a/128"] }));
    for (const manifest of tenantBaseManifests({ tenantSlug, dnsEgressCidrs: ["169.254.20.10/32"], quota: { pods: 2 } }))
      expectValidManifest(manifest);
  });

  it("secrets", () => {
    expectValidManifest(gitCredentialSecret({ ...tenant, connectorId: 17, token: GIT_TOKEN_VALUE }));
    expectValidManifest(gitCredentialSecret({ ...tenant, connectorId: "GitHub App #1 / acme org".repeat(5), token: "t" }));
    expectValidManifest(runTokenSecret({ ...tenant, runId: "3f9c1a52-0b7e-4c1e-9d2a-5e6f7a8b9c0d", token: RUN_TOKEN_VALUE }));
    expectValidManifest(runTokenSecret({ ...tenant, runId: 123456789, token: RUN_TOKEN_VALUE }));
    expectValidManifest(runEnvSecret({ ...tenant, runId: 42, env: { NODE_ENV: "test", API_KEY: "k" } }));
    expectValidManifest(runEnvSecret({ ...tenant, runId: "Run_" + "9".repeat(80), env: {} }));
  });

  it("agent job", () => {
    expectValidManifest(agentJob(jobInput({ tenantSlug, namespace })));
    // What launchAgentJob writes when the run has env vars: the Job reads them from runEnvSecret.
    expectValidManifest(agentJob(jobInput({ tenantSlug, namespace, envSecretName: runEnvSecretName(42) })));
    expectValidManifest(
      agentJob(
        jobInput({
          tenantSlug,
          namespace,
          runId: "Run_" + "9".repeat(80),
          branch: "feature/" + "Very-Long_Branch.Name-".repeat(12),
          baseBranch: "release/2024.10",
          connectorId: "conn_" + "x".repeat(100),
          activeDeadlineSeconds: 60,
          ttlSecondsAfterFinished: 0,
          resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "1", memory: "512Mi" } },
        }),
      ),
    );
  });

  it("previews", () => {
    const name = previewHost({ branch: "feature/" + "x".repeat(100), repo: "widgets", domain: "p.example.com" }).split(".")[0]!;
    for (const previewName of [name, "pr-12", "123-starts-with-digit", "Odd Name!!"]) {
      expectValidManifest(
        previewDeployment({
          ...tenant,
          name: previewName,
          image: "img:1",
          env: { NODE_ENV: "production" },
          labels: { "x/y": "Z z" },
        }),
      );
      expectValidManifest(previewDeployment({ ...tenant, name: previewName, image: "img:1", port: 8080 }));
      expectValidManifest(
        previewDeployment({
          ...tenant,
          name: previewName,
          image: "img:1",
          resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
        }),
      );
      expectValidManifest(previewService({ ...tenant, name: previewName, port: 3000 }));
      expectValidManifest(
        previewIngress({
          ...tenant,
          name: previewName,
          hosts: [`${name}.p.example.com`, "other.example.org"],
          port: 3000,
          ingressClassName: "nginx",
          tlsSecretName: "preview-wildcard-tls",
        }),
      );
      expectValidManifest(previewIngress({ ...tenant, name: previewName, hosts: ["a.example.com"], port: 3000 }));
    }
  });

  it("sandboxes", () => {
    expectValidManifest(sandboxPod({ ...tenant, sandboxId: "sb-1", image: "img:1" }));
    expectValidManifest(
      sandboxPod({
        ...tenant,
        sandboxId: "Sandbox " + "z".repeat(90),
        image: "img:1",
        cloneUrl: "https://github.com/acme/widgets.git",
        branch: "feature/x",
        connectorId: 9,
      }),
    );
    expectValidManifest(sandboxPod({ ...tenant, sandboxId: 5, image: "img:1", cloneUrl: "https://example.com/public.git" }));
    expectValidManifest(
      sandboxPod({
        ...tenant,
        sandboxId: 6,
        image: "img:1",
        activeDeadlineSeconds: 600,
        resources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { cpu: "2", memory: "2Gi" } },
      }),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Labels, names and contents
// ---------------------------------------------------------------------------------------------

describe("tenant scaffolding", () => {
  const tenant = { namespace: "al-acme", tenantSlug: "acme" };
  const common = { "app.kubernetes.io/managed-by": "assembly-lime", "assembly-lime/tenant": "acme" };

  it("namespace enforces the restricted pod security standard", () => {
    const ns = namespaceManifest({ tenantSlug: "acme" });
    expect(ns.metadata.name).toBe("al-acme");
    expect(ns.metadata.labels).toMatchObject({
      ...common,
      "pod-security.kubernetes.io/enforce": "restricted",
      "pod-security.kubernetes.io/enforce-version": "latest",
    });
  });

  it("every object carries the common labels, also for awkward slugs", () => {
    for (const slug of Object.values(tenants)) {
      for (const manifest of tenantBaseManifests({ tenantSlug: slug })) {
        expect(manifest.metadata.labels["app.kubernetes.io/managed-by"]).toBe("assembly-lime");
        expect(manifest.metadata.labels["assembly-lime/tenant"]).toMatch(LABEL_VALUE);
        if (manifest.kind !== "Namespace") expect(manifest.metadata.namespace).toBe(tenantNamespaceName(slug));
      }
    }
  });

  it("a service account with no token and no Role: agent pods call no Kubernetes API", () => {
    const sa = agentServiceAccount(tenant);
    expect(sa.metadata).toEqual({ name: "al-agent-sa", namespace: "al-acme", labels: common });
    expect(sa.automountServiceAccountToken).toBe(false);
    const kinds = tenantBaseManifests({ tenantSlug: "acme" }).map((manifest) => manifest.kind);
    expect(kinds).toEqual(["Namespace", "ServiceAccount", "ResourceQuota", "NetworkPolicy"]);
  });

  it("resource quota", () => {
    expect(resourceQuota(tenant).metadata.name).toBe("al-quota");
    expect(resourceQuota(tenant).spec?.hard).toEqual({
      "requests.cpu": "8",
      "requests.memory": "16Gi",
      "limits.cpu": "8",
      "limits.memory": "16Gi",
      pods: "20",
    });
    expect(resourceQuota({ ...tenant, cpu: "4", memory: "8Gi", pods: 5 }).spec?.hard).toMatchObject({
      "limits.cpu": "4",
      pods: "5",
    });
    expect(() => resourceQuota({ ...tenant, pods: -1 })).toThrow();
  });

  it("rejects a namespace that is not a DNS label", () => {
    expect(() => agentServiceAccount({ namespace: "Bad_NS", tenantSlug: "acme" })).toThrow(/namespace/);
  });
});

describe("agent network policy", () => {
  const tenant = { namespace: "al-acme", tenantSlug: "acme" };
  const policy = agentNetworkPolicy({ ...tenant, allowEgressCidrs: ["10.42.0.7/32"] });
  const spec = policy.spec!;

  it("selects agent pods and denies all ingress", () => {
    expect(policy.metadata.name).toBe("al-agent-egress");
    expect(spec.podSelector).toEqual({ matchLabels: { "assembly-lime/role": "agent" } });
    expect(spec.policyTypes).toEqual(["Ingress", "Egress"]);
    // No rules at all rather than `ingress: []`, which a real API server would drop.
    expect(spec).not.toHaveProperty("ingress");
  });

  it("allows DNS on 53/UDP and 53/TCP to kube-dns only", () => {
    const dns = spec.egress!.filter((rule) => rule.ports?.some((p) => p.port === 53));
    expect(dns).toHaveLength(1);
    expect(dns[0]!.ports).toEqual([
      { protocol: "UDP", port: 53 },
      { protocol: "TCP", port: 53 },
    ]);
    for (const peer of dns[0]!.to ?? []) {
      expect(peer.ipBlock).toBeUndefined();
      expect(peer.namespaceSelector).toBeDefined();
    }
    expect(dns[0]!.to).toContainEqual({ namespaceSelector: {}, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } });
  });

  it("allows the internet on 80/443 except private ranges and the metadata endpoint", () => {
    const web = spec.egress!.find((rule) => rule.to?.some((peer) => peer.ipBlock?.cidr === "0.0.0.0/0"))!;
    expect(web.ports).toEqual([
      { protocol: "TCP", port: 443 },
      { protocol: "TCP", port: 80 },
    ]);
    expect(web.to).toHaveLength(1);
    const except = web.to![0]!.ipBlock!.except!;
    for (const cidr of ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16"]) expect(except).toContain(cidr);
    expect(except).toEqual([...BLOCKED_EGRESS_CIDRS]);
  });

  it("every rule is port-limited except the explicit allow-list", () => {
    for (const rule of spec.egress!) {
      const peers = rule.to ?? [];
      expect(peers.length).toBeGreaterThan(0); // an empty `to` would mean "anywhere"
      if (!rule.ports) expect(peers).toEqual([{ ipBlock: { cidr: "10.42.0.7/32" } }]);
    }
    expect(agentNetworkPolicy(tenant).spec!.egress).toHaveLength(2);
    expect(() => agentNetworkPolicy({ ...tenant, allowEgressCidrs: ["not-a-cidr"] })).toThrow();
    expect(() => agentNetworkPolicy({ ...tenant, allowEgressCidrs: ["10.0.0.1"] })).toThrow();
  });

  it("lets DNS reach resolvers that are not pods, on port 53 only", () => {
    // GKE Cloud DNS answers on the metadata address; NodeLocal DNSCache on 169.254.20.10.
    const withDns = agentNetworkPolicy({ ...tenant, dnsEgressCidrs: ["169.254.169.254/32", "169.254.20.10/32"] }).spec!;
    const rule = withDns.egress!.find((candidate) => candidate.to?.some((peer) => peer.ipBlock?.cidr === "169.254.20.10/32"))!;
    expect(rule.to).toEqual([{ ipBlock: { cidr: "169.254.169.254/32" } }, { ipBlock: { cidr: "169.254.20.10/32" } }]);
    expect(rule.ports).toEqual([
      { protocol: "UDP", port: 53 },
      { protocol: "TCP", port: 53 },
    ]);
  });

  it("never opens the cloud metadata service beyond port 53, whatever the settings", () => {
    const wide = agentNetworkPolicy({ ...tenant, allowEgressCidrs: ["169.254.0.0/16"], dnsEgressCidrs: ["0.0.0.0/0"] }).spec!;
    const peers = wide
      .egress!.filter((rule) => !rule.ports?.every((port) => port.port === 53))
      .flatMap((rule) => rule.to ?? [])
      .filter((peer) => peer.ipBlock);
    expect(peers.length).toBeGreaterThan(1);
    const metadata = ipaddr.parse("169.254.169.254");
    for (const { ipBlock } of peers) {
      if (!metadata.match(ipaddr.parseCIDR(ipBlock!.cidr))) continue;
      expect(ipBlock!.except?.some((cidr) => metadata.match(ipaddr.parseCIDR(cidr)))).toBe(true);
    }
    expect(() => agentNetworkPolicy({ ...tenant, allowEgressCidrs: ["169.254.169.254/32"] })).toThrow(/metadata/);
    expect(() => agentNetworkPolicy({ ...tenant, allowEgressCidrs: ["fd00:ec2::254/128"] })).toThrow(/metadata/);
    expect(() => agentNetworkPolicy({ ...tenant, dnsEgressCidrs: ["not-a-cidr"] })).toThrow();
    const v6 = agentNetworkPolicy({ ...tenant, allowEgressCidrs: ["fd00::/8"] }).spec!;
    expect(v6.egress!.at(-1)!.to).toEqual([{ ipBlock: { cidr: "fd00::/8", except: ["fd00:ec2::254/128"] } }]);
  });
});

describe("secrets", () => {
  it("git credential secret", () => {
    const secret = gitCredentialSecret({ namespace: "al-acme", tenantSlug: "acme", connectorId: 17, token: GIT_TOKEN_VALUE });
    expect(secret.metadata.name).toBe("git-cred-17");
    expect(secret.metadata.labels).toMatchObject({ "assembly-lime/connector": "17", "assembly-lime/tenant": "acme" });
    expect(secret.type).toBe("Opaque");
    expect(secret.stringData).toEqual({ token: GIT_TOKEN_VALUE });
    expect(secret.data).toBeUndefined();
  });

  it("run token secret", () => {
    const secret = runTokenSecret({ namespace: "al-acme", tenantSlug: "acme", runId: "r-1", token: RUN_TOKEN_VALUE });
    expect(secret.metadata.name).toBe("run-token-r-1");
    expect(secret.metadata.labels["assembly-lime/run"]).toBe("r-1");
    expect(secret.stringData).toEqual({ token: RUN_TOKEN_VALUE });
  });
});

describe("agent job", () => {
  const input = jobInput();
  const job = agentJob(input);
  const pod = podSpecOfJob(job);
  const clone = pod.initContainers![0]!;
  const agent = pod.containers[0]!;

  it("names, labels and job settings", () => {
    expect(job.metadata.name).toBe(`al-run-${input.runId}`);
    expect(job.metadata.namespace).toBe("al-acme");
    const labels = {
      "app.kubernetes.io/managed-by": "assembly-lime",
      "assembly-lime/tenant": "acme",
      "assembly-lime/run": String(input.runId),
      "assembly-lime/role": "agent",
    };
    expect(job.metadata.labels).toEqual(labels);
    expect(job.spec!.template.metadata!.labels).toEqual(labels);
    expect(job.spec).toMatchObject({ backoffLimit: 0, activeDeadlineSeconds: 3600, ttlSecondsAfterFinished: 3600 });
    expect(pod).toMatchObject({
      restartPolicy: "Never",
      serviceAccountName: AGENT_SERVICE_ACCOUNT_NAME,
      automountServiceAccountToken: false,
      enableServiceLinks: false,
    });
    const custom = agentJob(jobInput({ activeDeadlineSeconds: 120, ttlSecondsAfterFinished: 5 }));
    expect(custom.spec).toMatchObject({ activeDeadlineSeconds: 120, ttlSecondsAfterFinished: 5 });
  });

  it("the network policy selects the job's pods", () => {
    const selector = agentNetworkPolicy({ namespace: "al-acme", tenantSlug: "acme" }).spec!.podSelector!.matchLabels!;
    expect(job.spec!.template.metadata!.labels).toMatchObject(selector);
  });

  it("is restricted on the pod and every container", () => {
    expectRestricted(pod);
    expect(allContainers(pod).map((c) => c.name)).toEqual(["clone", "agent"]);
  });

  it("mounts emptyDir workspace, tmp and home so a read-only root works", () => {
    expect(pod.volumes).toEqual([
      { name: "workspace", emptyDir: {} },
      { name: "tmp", emptyDir: {} },
      { name: "home", emptyDir: {} },
    ]);
    for (const container of allContainers(pod)) {
      expect(container.volumeMounts).toEqual([
        { name: "workspace", mountPath: "/workspace" },
        { name: "tmp", mountPath: "/tmp" },
        { name: "home", mountPath: "/home/agent" },
      ]);
      expect(envOf(container).get("HOME")?.value).toBe("/home/agent");
    }
  });

  it("clone init container: same image, shallow clone of the base branch, new branch, token from the secret", () => {
    expect(clone.name).toBe("clone");
    expect(clone.image).toBe(input.image);
    expect(clone.command!.slice(0, 2)).toEqual(["sh", "-c"]);
    const script = clone.command![2]!;
    expect(script).toContain(`git clone --depth 50 --branch "$AL_BASE_BRANCH" --single-branch -- "$AL_CLONE_URL" /workspace`);
    expect(script).toContain(`git -C /workspace checkout -b "$AL_BRANCH"`);
    expect(script).toContain(`printf 'x-access-token:%s' "$GIT_TOKEN" | base64`);
    expect(script).toContain(`GIT_CONFIG_KEY_0="http.$AL_GIT_ORIGIN/.extraheader"`);
    expect(script).toContain("export GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0 GIT_CONFIG_VALUE_0");
    expect(script).not.toMatch(/http\.extraHeader/i);
    const env = envOf(clone);
    expect(env.get("AL_CLONE_URL")?.value).toBe(input.cloneUrl);
    expect(env.get("AL_BASE_BRANCH")?.value).toBe("main");
    expect(env.get("AL_BRANCH")?.value).toBe(input.branch);
    expect(env.get("AL_GIT_ORIGIN")?.value).toBe(new URL(input.cloneUrl).origin);
    expect(env.get("GIT_TOKEN")).toEqual({
      name: "GIT_TOKEN",
      valueFrom: { secretKeyRef: { name: "git-cred-17", key: "token" } },
    });
    // Input values are never spliced into the shell text.
    expect(script).not.toContain(input.cloneUrl);
    expect(script).not.toContain(input.branch);
    expectNoKubeletExpansion(clone);
  });

  it("agent container: pod runner with run env, secrets only by reference, no app secrets", () => {
    expect(agent.name).toBe("agent");
    expect(agent.image).toBe(input.image);
    expect(agent.command).toEqual(["node", "build/server/pod-runner.js"]);
    expect(agent.workingDir).toBe("/app");
    const env = envOf(agent);
    expect(env.get("AL_RUN_ID")?.value).toBe(String(input.runId));
    expect(env.get("AL_APP_URL")?.value).toBe("https://lime.example.com");
    expect(env.get("AL_WORKSPACE")?.value).toBe("/workspace");
    expect(env.get("AL_RUN_TOKEN")).toEqual({
      name: "AL_RUN_TOKEN",
      valueFrom: { secretKeyRef: { name: `run-token-${input.runId}`, key: "token" } },
    });
    expect(env.get("GIT_TOKEN")).toEqual({
      name: "GIT_TOKEN",
      valueFrom: { secretKeyRef: { name: "git-cred-17", key: "token" } },
    });
    for (const name of env.keys())
      expect(name).not.toMatch(/DATABASE|POSTGRES|PG|SESSION|ANTHROPIC|OPENAI|SECRET|REDIS|GITHUB_CLIENT/i);
    expect(agent.resources).toEqual({ requests: { cpu: "500m", memory: "1Gi" }, limits: { cpu: "2", memory: "4Gi" } });
    expectNoKubeletExpansion(agent);
  });

  it("secret references match the secret builders' names, also for odd ids", () => {
    for (const [runId, connectorId] of [
      ["RUN " + "7".repeat(90), "Conn/Ü " + "c".repeat(90)],
      [42, 7],
    ] as const) {
      const built = agentJob(jobInput({ runId, connectorId }));
      const refs = allContainers(podSpecOfJob(built)).flatMap((c) =>
        (c.env ?? []).flatMap((e) => (e.valueFrom?.secretKeyRef ? [e.valueFrom.secretKeyRef.name] : [])),
      );
      const git = gitCredentialSecret({ namespace: "al-acme", tenantSlug: "acme", connectorId, token: "x" }).metadata.name;
      const run = runTokenSecret({ namespace: "al-acme", tenantSlug: "acme", runId, token: "x" }).metadata.name;
      expect(new Set(refs)).toEqual(new Set([git, run]));
    }
  });

  it("contains no secret value: tokens reach containers only via secretKeyRef", () => {
    const tenant = { namespace: "al-acme", tenantSlug: "acme" };
    gitCredentialSecret({ ...tenant, connectorId: input.connectorId, token: GIT_TOKEN_VALUE });
    runTokenSecret({ ...tenant, runId: input.runId, token: RUN_TOKEN_VALUE });
    const json = JSON.stringify(job);
    for (const secret of [GIT_TOKEN_VALUE, RUN_TOKEN_VALUE, "SUPERSECRET"]) expect(json).not.toContain(secret);
    for (const container of allContainers(pod)) {
      for (const env of container.env ?? []) {
        if (/TOKEN/.test(env.name)) {
          expect(env.value).toBeUndefined();
          expect(env.valueFrom?.secretKeyRef?.key).toBe("token");
        }
      }
    }
    expect(json).not.toMatch(/x-access-token:[^%]/);
  });

  it("refuses unsafe input", () => {
    expect(() => agentJob(jobInput({ cloneUrl: "https://user:ghp_abc@github.com/acme/widgets.git" }))).toThrow(/credentials/);
    expect(() => agentJob(jobInput({ cloneUrl: "file:///etc" }))).toThrow();
    expect(() => agentJob(jobInput({ cloneUrl: "not a url" }))).toThrow();
    expect(() => agentJob(jobInput({ branch: "--upload-pack=evil" }))).toThrow(/branch/);
    expect(() => agentJob(jobInput({ branch: "a b" }))).toThrow();
    expect(() => agentJob(jobInput({ baseBranch: "main; rm -rf /" }))).toThrow();
    expect(() => agentJob(jobInput({ branch: "x/../y" }))).toThrow();
  });

  it("is deterministic", () => {
    expect(JSON.stringify(agentJob(jobInput()))).toBe(JSON.stringify(agentJob(jobInput())));
  });
});

describe("clone script (run with a stub git)", () => {
  function runClone(container: k8sClient.V1Container, secrets: Record<string, string>) {
    const dir = mkdtempSync(path.join(os.tmpdir(), "al-k8s-clone-"));
    try {
      const bin = path.join(dir, "bin");
      mkdirSync(bin);
      mkdirSync(path.join(dir, "home"));
      const log = path.join(dir, "git.log");
      writeFileSync(
        path.join(bin, "git"),
        `#!/bin/sh\n{ printf 'ARGS'; for a in "$@"; do printf ' [%s]' "$a"; done; printf ' COUNT=%s KEY=%s VALUE=%s\\n' "\${GIT_CONFIG_COUNT:-}" "\${GIT_CONFIG_KEY_0:-}" "\${GIT_CONFIG_VALUE_0:-}"; } >> "${log}"\n`,
      );
      chmodSync(path.join(bin, "git"), 0o755);
      // A clean environment (nothing inherited from the test process) plus the container's env.
      const env: NodeJS.ProcessEnv = { NODE_ENV: "test", PATH: `${bin}:${process.env.PATH ?? "/usr/bin:/bin"}` };
      for (const e of container.env ?? []) {
        if (e.value !== undefined) env[e.name] = e.value;
        const ref = e.valueFrom?.secretKeyRef;
        if (ref) env[e.name] = secrets[ref.name!]!;
      }
      env.HOME = path.join(dir, "home");
      const [shell, flag, script] = container.command!;
      execFileSync(shell!, [flag!, script!], { env });
      return readFileSync(log, "utf8").trim().split("\n");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it("builds the Basic auth header from $GIT_TOKEN and passes it through GIT_CONFIG_*", () => {
    const longToken = "github_pat_" + "A1b2C3d4".repeat(12); // base64 of this wraps: must be unwrapped
    const input = jobInput({ branch: 'al/it\'s a "quoted" $(branch)'.replace(/[ "'$()]/g, "-") });
    const clone = podSpecOfJob(agentJob(input)).initContainers![0]!;
    const lines = runClone(clone, { "git-cred-17": longToken });
    const header = `Authorization: Basic ${Buffer.from(`x-access-token:${longToken}`).toString("base64")}`;
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^ARGS \[config\] \[--global\] \[--add\] \[safe\.directory\] \[\/workspace\]/);
    expect(lines[1]).toBe(
      `ARGS [clone] [--depth] [50] [--branch] [main] [--single-branch] [--] [${input.cloneUrl}] [/workspace] COUNT=1 KEY=http.${new URL(input.cloneUrl).origin}/.extraheader VALUE=${header}`,
    );
    expect(lines[2]).toMatch(new RegExp(`^ARGS \\[-C\\] \\[/workspace\\] \\[checkout\\] \\[-b\\] \\[${input.branch}\\]`));
  });

  it("sandbox: anonymous clone of the default branch when no connector is given", () => {
    const pod = sandboxPod({
      namespace: "al-acme",
      tenantSlug: "acme",
      sandboxId: "s1",
      image: "img:1",
      cloneUrl: "https://example.com/public.git",
    });
    const lines = runClone(pod.spec!.initContainers![0]!, {});
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe(
      "ARGS [clone] [--depth] [50] [--single-branch] [--] [https://example.com/public.git] [/workspace] COUNT= KEY= VALUE=",
    );
  });
});

describe("previews", () => {
  const tenant = { namespace: "al-acme", tenantSlug: "acme" };

  it("deployment: one restricted replica with a readiness probe and preview labels", () => {
    const deployment = previewDeployment({
      ...tenant,
      name: "feature-login-widgets",
      image: "img:1",
      env: { NODE_ENV: "production" },
      labels: { "assembly-lime/run": "r-1", "assembly-lime/tenant": "spoofed" },
    });
    expect(deployment.metadata.name).toBe("feature-login-widgets");
    expect(deployment.metadata.labels).toMatchObject({
      "assembly-lime/preview": "feature-login-widgets",
      "assembly-lime/run": "r-1",
      "assembly-lime/tenant": "acme",
      "app.kubernetes.io/managed-by": "assembly-lime",
    });
    const spec = deployment.spec!;
    expect(spec.replicas).toBe(1);
    expect(spec.template.metadata!.labels).toMatchObject(spec.selector.matchLabels!);
    const pod = spec.template.spec!;
    expectRestricted(pod);
    const app = pod.containers[0]!;
    expect(app.readinessProbe?.httpGet).toEqual({ path: "/", port: 3000 });
    expect(app.ports).toEqual([{ name: "http", containerPort: 3000, protocol: "TCP" }]);
    expect(envOf(app).get("PORT")?.value).toBe("3000");
    expect(envOf(app).get("NODE_ENV")?.value).toBe("production");
    expect(pod.containers.every((c) => c.volumeMounts?.some((m) => m.mountPath === "/tmp"))).toBe(true);
    // Previews are not agents: the agent egress policy does not select them.
    expect(spec.template.metadata!.labels!["assembly-lime/role"]).not.toBe("agent");
  });

  it("service selects the deployment's pods on the given port", () => {
    const deployment = previewDeployment({ ...tenant, name: "pr-7", image: "img:1", port: 8080 });
    const service = previewService({ ...tenant, name: "pr-7", port: 8080 });
    expect(service.metadata.name).toBe("pr-7");
    expect(deployment.spec!.template.metadata!.labels).toMatchObject(service.spec!.selector!);
    expect(service.spec!.ports).toEqual([{ name: "http", port: 8080, targetPort: 8080, protocol: "TCP" }]);
    expect(previewService({ ...tenant, name: "9lives", port: 1 }).metadata.name).toMatch(DNS_1035_LABEL);
  });

  it("ingress: one rule per host to the service, optional class and TLS", () => {
    const hosts = ["a-widgets.p.example.com", "b.example.org"];
    const ingress = previewIngress({
      ...tenant,
      name: "pr-7",
      hosts,
      port: 8080,
      ingressClassName: "nginx",
      tlsSecretName: "wild",
    });
    expect(ingress.spec!.ingressClassName).toBe("nginx");
    expect(ingress.spec!.tls).toEqual([{ hosts, secretName: "wild" }]);
    expect(ingress.spec!.rules!.map((r) => r.host)).toEqual(hosts);
    for (const rule of ingress.spec!.rules!) {
      expect(rule.http!.paths).toEqual([
        { path: "/", pathType: "Prefix", backend: { service: { name: "pr-7", port: { number: 8080 } } } },
      ]);
    }
    const bare = previewIngress({ ...tenant, name: "pr-7", hosts: ["a.example.com"], port: 8080 });
    expect(bare.spec!.tls).toBeUndefined();
    expect(bare.spec!.ingressClassName).toBeUndefined();
    expect(() => previewIngress({ ...tenant, name: "pr-7", hosts: [], port: 80 })).toThrow();
    expect(() => previewIngress({ ...tenant, name: "pr-7", hosts: ["Bad Host"], port: 80 })).toThrow();
  });
});

describe("sandbox pod", () => {
  const tenant = { namespace: "al-acme", tenantSlug: "acme" };

  it("names, labels, keepalive, restricted", () => {
    const pod = sandboxPod({ ...tenant, sandboxId: "sb-1", image: "img:1" });
    expect(pod.metadata.name).toBe("al-sandbox-sb-1");
    expect(pod.metadata.labels).toMatchObject({ "assembly-lime/sandbox": "sb-1", "assembly-lime/tenant": "acme" });
    const spec = pod.spec!;
    expect(spec.initContainers).toBeUndefined();
    expect(spec.containers[0]!.command).toEqual(["sh", "-c", "trap : TERM INT; sleep infinity & wait"]);
    expect(spec.containers[0]!.image).toBe("img:1");
    expectRestricted(spec);
    // Confined by the agent egress policy like runs.
    const selector = agentNetworkPolicy(tenant).spec!.podSelector!.matchLabels!;
    expect(pod.metadata.labels).toMatchObject(selector);
  });

  it("clones like the job when given a repository, token only by reference", () => {
    const pod = sandboxPod({
      ...tenant,
      sandboxId: "sb-2",
      image: "img:1",
      cloneUrl: "https://github.com/acme/widgets.git",
      branch: "feature/x",
      connectorId: 17,
    });
    const spec = pod.spec!;
    expectRestricted(spec);
    const clone = spec.initContainers![0]!;
    expect(clone.name).toBe("clone");
    expect(clone.command![2]).toContain(`--branch "$AL_BASE_BRANCH"`);
    expect(clone.command![2]).not.toContain("checkout -b");
    expect(envOf(clone).get("AL_BASE_BRANCH")?.value).toBe("feature/x");
    expect(envOf(clone).get("GIT_TOKEN")?.valueFrom?.secretKeyRef).toEqual({ name: "git-cred-17", key: "token" });
    expectNoKubeletExpansion(clone);
    gitCredentialSecret({ ...tenant, connectorId: 17, token: GIT_TOKEN_VALUE });
    expect(JSON.stringify(pod)).not.toContain(GIT_TOKEN_VALUE);
  });
});
