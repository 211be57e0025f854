/**
 * Pure Kubernetes manifest builders for Assembly Lime.
 *
 * Every function here maps its input to a plain object (no I/O, no clock, no randomness), so the
 * same input always gives the same manifest. The objects are typed with `@kubernetes/client-node`'s
 * models (type-only import: nothing of that package is loaded at run time) and are checked against
 * the official Kubernetes OpenAPI schemas in `manifests.test.ts`.
 *
 * Layout: one namespace per tenant (`al-<slug>`), restricted by Pod Security Admission, a quota and
 * an egress-only NetworkPolicy for agent pods. An agent run is a Job whose pod never sees a secret
 * value in its spec: tokens reach it only through `secretKeyRef`.
 */
import { createHash } from "node:crypto";
import ipaddr from "ipaddr.js";
import type {
  V1Container,
  V1Deployment,
  V1EnvVar,
  V1Ingress,
  V1Job,
  V1Namespace,
  V1NetworkPolicy,
  V1NetworkPolicyEgressRule,
  V1NetworkPolicyPeer,
  V1ObjectMeta,
  V1Pod,
  V1PodSecurityContext,
  V1PodSpec,
  V1ResourceQuota,
  V1ResourceRequirements,
  V1Secret,
  V1SecurityContext,
  V1Service,
  V1ServiceAccount,
  V1Volume,
  V1VolumeMount,
} from "@kubernetes/client-node";

// ---------------------------------------------------------------------------------------------
// Names and labels
// ---------------------------------------------------------------------------------------------

export const LABEL_MANAGED_BY = "app.kubernetes.io/managed-by";
export const MANAGED_BY = "assembly-lime";
export const LABEL_TENANT = "assembly-lime/tenant";
export const LABEL_ROLE = "assembly-lime/role";
export const LABEL_RUN = "assembly-lime/run";
export const LABEL_CONNECTOR = "assembly-lime/connector";
export const LABEL_PREVIEW = "assembly-lime/preview";
export const LABEL_SANDBOX = "assembly-lime/sandbox";

export const AGENT_ROLE_LABEL_VALUE = "agent";
export const AGENT_SERVICE_ACCOUNT_NAME = "al-agent-sa";
export const AGENT_ROLE_NAME = "al-agent-role";
export const AGENT_ROLE_BINDING_NAME = "al-agent-rolebinding";
export const RESOURCE_QUOTA_NAME = "al-quota";
export const AGENT_NETWORK_POLICY_NAME = "al-agent-egress";

/** uid/gid every Assembly Lime container runs as (the `node` user of the official Node images). */
export const POD_USER_ID = 1000;
export const WORKSPACE_PATH = "/workspace";
export const HOME_PATH = "/home/agent";

/** Egress to these ranges is refused (cluster/private networks and the cloud metadata endpoint). */
export const BLOCKED_EGRESS_CIDRS: readonly string[] = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16"];

const DNS_LABEL_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE_RE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const HASH_LENGTH = 8;

/** A short, stable hex digest of `text` (first 8 hex chars of SHA-256). */
function shortHash(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex").slice(0, HASH_LENGTH);
}

/**
 * Turns any text into a valid DNS-1123 label (`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`, at most `maxLength`).
 *
 * Lower-cases, replaces every run of invalid characters with `-` and trims dashes. When the result
 * is longer than `maxLength` it is cut and suffixed with `-<hash>`, a hash of the original text, so
 * two long inputs that share a prefix stay distinct. Text with nothing usable maps to its hash.
 */
export function dnsLabel(text: string, maxLength = 63): string {
  if (!Number.isInteger(maxLength) || maxLength < 1 || maxLength > 63) {
    throw new RangeError(`dnsLabel maxLength must be an integer in 1..63, got ${maxLength}`);
  }
  const cleaned = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (cleaned.length === 0) return shortHash(text).slice(0, maxLength);
  if (cleaned.length <= maxLength) return cleaned;
  const hash = shortHash(text);
  if (maxLength <= HASH_LENGTH + 1) return hash.slice(0, maxLength);
  const head = cleaned.slice(0, maxLength - HASH_LENGTH - 1).replace(/-+$/, "");
  return head ? `${head}-${hash}` : hash;
}

/** True when `text` is a DNS-1123 label of at most 63 characters. */
export function isDnsLabel(text: string): boolean {
  return text.length <= 63 && DNS_LABEL_RE.test(text);
}

/** A label value: kept verbatim when already valid (≤ 63, alphanumerics, `-_.`), else made a DNS label. */
export function labelValue(value: string | number): string {
  const text = String(value);
  return text.length <= 63 && LABEL_VALUE_RE.test(text) ? text : dnsLabel(text);
}

/** Labels every Assembly Lime object carries. */
export function commonLabels(tenantSlug: string): Record<string, string> {
  return { [LABEL_MANAGED_BY]: MANAGED_BY, [LABEL_TENANT]: labelValue(tenantSlug) };
}

/** `al-<slug>`, as a DNS label. */
export function tenantNamespaceName(tenantSlug: string): string {
  return dnsLabel(`al-${tenantSlug}`);
}

export function gitCredentialSecretName(connectorId: string | number): string {
  return dnsLabel(`git-cred-${connectorId}`);
}

export function runTokenSecretName(runId: string | number): string {
  return dnsLabel(`run-token-${runId}`);
}

export function runEnvSecretName(runId: string | number): string {
  return dnsLabel(`run-env-${runId}`);
}

export function agentJobName(runId: string | number): string {
  return dnsLabel(`al-run-${runId}`);
}

export function sandboxPodName(sandboxId: string | number): string {
  return dnsLabel(`al-sandbox-${sandboxId}`);
}

/**
 * The name shared by a preview's Deployment, Service and Ingress. A Service name must be a
 * DNS-1035 label (starting with a letter), so a name starting with a digit gets a `p-` prefix.
 */
export function previewResourceName(name: string): string {
  const label = dnsLabel(name);
  return /^[a-z]/.test(label) ? label : dnsLabel(`p-${name}`);
}

/**
 * `<branch>-<repo>.<domain>`: the first label is at most 63 characters. When it would be longer
 * the repo part is cut to 24 characters and the branch part takes the rest (both hash-suffixed).
 */
export function previewHost(input: { branch: string; repo: string; domain: string }): string {
  const domain = input.domain.toLowerCase().replace(/^\.+|\.+$/g, "");
  assertDnsSubdomain(domain, "domain");
  let branch = dnsLabel(input.branch);
  let repo = dnsLabel(input.repo);
  if (branch.length + 1 + repo.length > 63) {
    repo = dnsLabel(input.repo, Math.min(repo.length, 24));
    branch = dnsLabel(input.branch, 63 - 1 - repo.length);
  }
  const host = `${branch}-${repo}.${domain}`;
  assertDnsSubdomain(host, "preview host");
  return host;
}

// ---------------------------------------------------------------------------------------------
// Input checks (builders throw on input that would make an invalid or unsafe manifest)
// ---------------------------------------------------------------------------------------------

function assertDnsLabel(value: string, what: string): void {
  if (!isDnsLabel(value)) throw new Error(`${what} must be a DNS-1123 label, got ${JSON.stringify(value)}`);
}

function assertDnsSubdomain(value: string, what: string): void {
  const ok = value.length <= 253 && value.split(".").every((part) => isDnsLabel(part));
  if (!ok) throw new Error(`${what} must be a DNS-1123 subdomain, got ${JSON.stringify(value)}`);
}

/** Rejects names git would refuse as a branch (and anything that could be read as an option). */
function assertBranchName(value: string, what: string): void {
  const bad =
    value.length === 0 ||
    value.startsWith("-") ||
    value.startsWith("/") ||
    value.endsWith("/") ||
    value.endsWith(".") ||
    value.endsWith(".lock") ||
    value.includes("..") ||
    value.includes("@{") ||
    value.includes("//") ||
    value === "@" ||
    // eslint-disable-next-line no-control-regex
    /[\x00-\x20\x7f~^:?*[\\]/.test(value);
  if (bad) throw new Error(`${what} is not a valid git branch name: ${JSON.stringify(value)}`);
}

/** Only http(s) URLs without embedded credentials: the token must come from the Secret. */
function assertCloneUrl(cloneUrl: string): void {
  let url: URL;
  try {
    url = new URL(cloneUrl);
  } catch {
    throw new Error(`cloneUrl is not a URL: ${JSON.stringify(cloneUrl)}`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error(`cloneUrl must be http(s), got ${url.protocol}`);
  if (url.username || url.password) throw new Error("cloneUrl must not contain credentials");
}

/** Cloud metadata endpoints (AWS, GCP and Azure over IPv4; AWS over IPv6; Alibaba): never reachable from agent pods. */
export const METADATA_CIDRS: readonly string[] = ["169.254.169.254/32", "fd00:ec2::254/128", "100.100.100.200/32"];

function parseCidr(value: string): [ipaddr.IPv4 | ipaddr.IPv6, number] {
  if (!value.includes("/")) throw new Error(`not a CIDR: ${JSON.stringify(value)}`);
  try {
    return ipaddr.parseCIDR(value);
  } catch {
    throw new Error(`not a CIDR: ${JSON.stringify(value)}`);
  }
}

/**
 * An `ipBlock` peer for a CIDR given in settings, with the metadata endpoints it covers carved
 * out (`except`); a CIDR that is nothing but a metadata endpoint is refused.
 */
function peerWithoutMetadata(cidr: string): V1NetworkPolicyPeer {
  const [network, bits] = parseCidr(cidr);
  const covered = METADATA_CIDRS.filter((blocked) => {
    const [address, blockedBits] = ipaddr.parseCIDR(blocked);
    return address.kind() === network.kind() && address.match(network, bits) && blockedBits >= bits;
  });
  if (covered.some((blocked) => ipaddr.parseCIDR(blocked)[1] === bits))
    throw new Error(`${cidr} is a cloud metadata endpoint; agent pods may never reach it.`);
  return { ipBlock: covered.length > 0 ? { cidr, except: covered } : { cidr } };
}

// ---------------------------------------------------------------------------------------------
// Shared pod pieces
// ---------------------------------------------------------------------------------------------

/** A built manifest: kind, apiVersion, and a name, namespace-or-not and labels always present. */
export type Manifest<T> = T & {
  apiVersion: string;
  kind: string;
  metadata: V1ObjectMeta & { name: string; labels: Record<string, string> };
};

export type ResourceSpec = {
  requests: { cpu: string; memory: string };
  limits: { cpu: string; memory: string };
};

export const DEFAULT_AGENT_RESOURCES: ResourceSpec = {
  requests: { cpu: "500m", memory: "1Gi" },
  limits: { cpu: "2", memory: "4Gi" },
};

export const DEFAULT_PREVIEW_RESOURCES: ResourceSpec = {
  requests: { cpu: "100m", memory: "256Mi" },
  limits: { cpu: "1", memory: "1Gi" },
};

/** What a tool-running init container needs (git clone); counted against the quota like any container. */
const CLONE_RESOURCES: ResourceSpec = {
  requests: { cpu: "250m", memory: "256Mi" },
  limits: { cpu: "1", memory: "1Gi" },
};

function resourceRequirements(spec: ResourceSpec): V1ResourceRequirements {
  return {
    requests: { cpu: spec.requests.cpu, memory: spec.requests.memory },
    limits: { cpu: spec.limits.cpu, memory: spec.limits.memory },
  };
}

/** Pod-level settings of the Pod Security Standard "restricted". */
export function restrictedPodSecurityContext(): V1PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: POD_USER_ID,
    runAsGroup: POD_USER_ID,
    fsGroup: POD_USER_ID,
    seccompProfile: { type: "RuntimeDefault" },
  };
}

/** Container-level settings of the Pod Security Standard "restricted", plus a read-only root FS. */
export function restrictedContainerSecurityContext(): V1SecurityContext {
  return {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ["ALL"] },
    runAsNonRoot: true,
  };
}

/** Common pod spec fields: no service-account token, no service-link env vars. */
function basePodSpec(): Pick<V1PodSpec, "automountServiceAccountToken" | "enableServiceLinks" | "securityContext"> {
  return {
    automountServiceAccountToken: false,
    enableServiceLinks: false,
    securityContext: restrictedPodSecurityContext(),
  };
}

function workVolumes(): V1Volume[] {
  return [
    { name: "workspace", emptyDir: {} },
    { name: "tmp", emptyDir: {} },
    { name: "home", emptyDir: {} },
  ];
}

function workVolumeMounts(): V1VolumeMount[] {
  return [
    { name: "workspace", mountPath: WORKSPACE_PATH },
    { name: "tmp", mountPath: "/tmp" },
    { name: "home", mountPath: HOME_PATH },
  ];
}

function secretEnv(name: string, secretName: string, key = "token"): V1EnvVar {
  return { name, valueFrom: { secretKeyRef: { name: secretName, key } } };
}

/**
 * The init container's script. Everything variable comes from env vars (no value is spliced into
 * shell text), and the token only from `$GIT_TOKEN`: the Authorization header is built at run time
 * and handed to git through GIT_CONFIG_COUNT/KEY/VALUE (env, not argv, and never written to
 * .git/config), scoped to the clone URL's origin (`http.<origin>/.extraheader`) so git sends it to
 * no other host (a submodule elsewhere, a redirect). `safe.directory` is set globally ($HOME is a shared volume) because the emptyDir
 * at /workspace is owned by root while git runs as uid 1000.
 */
function cloneScript(opts: { withToken: boolean; baseBranch: boolean; newBranch: boolean }): string {
  const lines = ["set -eu", `git config --global --add safe.directory ${WORKSPACE_PATH}`];
  if (opts.withToken) {
    lines.push(
      `GIT_CONFIG_VALUE_0="Authorization: Basic $(printf 'x-access-token:%s' "$GIT_TOKEN" | base64 | tr -d '\\n')"`,
      `GIT_CONFIG_KEY_0="http.$AL_GIT_ORIGIN/.extraheader"`,
      "export GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0 GIT_CONFIG_VALUE_0",
    );
  }
  const branchArg = opts.baseBranch ? ` --branch "$AL_BASE_BRANCH"` : "";
  lines.push(`git clone --depth 50${branchArg} --single-branch -- "$AL_CLONE_URL" ${WORKSPACE_PATH}`);
  if (opts.newBranch) lines.push(`git -C ${WORKSPACE_PATH} checkout -b "$AL_BRANCH"`);
  return lines.join("\n");
}

function cloneInitContainer(opts: {
  image: string;
  cloneUrl: string;
  baseBranch?: string;
  branch?: string;
  connectorId?: string | number;
}): V1Container {
  assertCloneUrl(opts.cloneUrl);
  if (opts.baseBranch !== undefined) assertBranchName(opts.baseBranch, "baseBranch");
  if (opts.branch !== undefined) assertBranchName(opts.branch, "branch");
  const env: V1EnvVar[] = [
    { name: "HOME", value: HOME_PATH },
    { name: "AL_CLONE_URL", value: opts.cloneUrl },
  ];
  if (opts.connectorId !== undefined) env.push({ name: "AL_GIT_ORIGIN", value: new URL(opts.cloneUrl).origin });
  if (opts.baseBranch !== undefined) env.push({ name: "AL_BASE_BRANCH", value: opts.baseBranch });
  if (opts.branch !== undefined) env.push({ name: "AL_BRANCH", value: opts.branch });
  if (opts.connectorId !== undefined) env.push(secretEnv("GIT_TOKEN", gitCredentialSecretName(opts.connectorId)));
  return {
    name: "clone",
    image: opts.image,
    command: [
      "sh",
      "-c",
      cloneScript({
        withToken: opts.connectorId !== undefined,
        baseBranch: opts.baseBranch !== undefined,
        newBranch: opts.branch !== undefined,
      }),
    ],
    env,
    resources: resourceRequirements(CLONE_RESOURCES),
    securityContext: restrictedContainerSecurityContext(),
    volumeMounts: workVolumeMounts(),
    terminationMessagePolicy: "FallbackToLogsOnError",
  };
}

function namespaced(
  namespace: string,
  name: string,
  labels: Record<string, string>,
): V1ObjectMeta & {
  name: string;
  namespace: string;
  labels: Record<string, string>;
} {
  assertDnsLabel(namespace, "namespace");
  return { name, namespace, labels };
}

// ---------------------------------------------------------------------------------------------
// Tenant scaffolding
// ---------------------------------------------------------------------------------------------

export type TenantInput = { namespace: string; tenantSlug: string };

/** The tenant's Namespace, enforcing the "restricted" Pod Security Standard. */
export function namespaceManifest(input: { tenantSlug: string }): Manifest<V1Namespace> {
  return {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: {
      name: tenantNamespaceName(input.tenantSlug),
      labels: {
        ...commonLabels(input.tenantSlug),
        "pod-security.kubernetes.io/enforce": "restricted",
        "pod-security.kubernetes.io/enforce-version": "latest",
        "pod-security.kubernetes.io/warn": "restricted",
        "pod-security.kubernetes.io/warn-version": "latest",
        "pod-security.kubernetes.io/audit": "restricted",
        "pod-security.kubernetes.io/audit-version": "latest",
      },
    },
  };
}

/** `al-agent-sa`: the identity of agent pods; its token is never mounted. */
export function agentServiceAccount(input: TenantInput): Manifest<V1ServiceAccount> {
  return {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: namespaced(input.namespace, AGENT_SERVICE_ACCOUNT_NAME, commonLabels(input.tenantSlug)),
    automountServiceAccountToken: false,
  };
}

export type ResourceQuotaInput = TenantInput & { cpu?: string; memory?: string; pods?: number };

/** What `al-quota` allows when nothing else is asked for. */
export const DEFAULT_QUOTA: Readonly<{ cpu: string; memory: string; pods: number }> = { cpu: "8", memory: "16Gi", pods: 20 };

/** `al-quota`: caps requests and limits of cpu/memory (same amount) and the pod count. */
export function resourceQuota(input: ResourceQuotaInput): Manifest<V1ResourceQuota> {
  const { cpu = DEFAULT_QUOTA.cpu, memory = DEFAULT_QUOTA.memory, pods = DEFAULT_QUOTA.pods } = input;
  if (!Number.isInteger(pods) || pods < 0) throw new Error(`pods must be a non-negative integer, got ${pods}`);
  return {
    apiVersion: "v1",
    kind: "ResourceQuota",
    metadata: namespaced(input.namespace, RESOURCE_QUOTA_NAME, commonLabels(input.tenantSlug)),
    spec: {
      hard: {
        "requests.cpu": cpu,
        "requests.memory": memory,
        "limits.cpu": cpu,
        "limits.memory": memory,
        pods: String(pods),
      },
    },
  };
}

export type AgentNetworkPolicyInput = TenantInput & { allowEgressCidrs?: string[]; dnsEgressCidrs?: string[] };

/**
 * `al-agent-egress` for pods labelled `assembly-lime/role: agent`: no ingress at all; egress only
 * to cluster DNS (53/UDP+TCP: kube-dns pods, and `dnsEgressCidrs` for resolvers that are not pods,
 * such as GKE Cloud DNS on 169.254.169.254 or NodeLocal DNSCache on 169.254.20.10), to the public
 * internet on 80/443 (private ranges and the metadata endpoint excepted), and to `allowEgressCidrs`
 * on every port (e.g. the app, so the pod can report back) — with the metadata endpoints carved
 * out, so no setting opens the metadata service itself.
 */
export function agentNetworkPolicy(input: AgentNetworkPolicyInput): Manifest<V1NetworkPolicy> {
  const extra = (input.allowEgressCidrs ?? []).map(peerWithoutMetadata);
  // Port 53 only, so a resolver on a metadata address (GKE Cloud DNS answers on 169.254.169.254) opens no more than DNS.
  const dns = (input.dnsEgressCidrs ?? []).map((cidr): V1NetworkPolicyPeer => {
    parseCidr(cidr);
    return { ipBlock: { cidr } };
  });
  const dnsPorts = [
    { protocol: "UDP", port: 53 },
    { protocol: "TCP", port: 53 },
  ];
  const egress: V1NetworkPolicyEgressRule[] = [
    {
      to: [
        { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } } },
        { namespaceSelector: {}, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } },
      ],
      ports: dnsPorts,
    },
    {
      to: [{ ipBlock: { cidr: "0.0.0.0/0", except: [...BLOCKED_EGRESS_CIDRS] } }],
      ports: [
        { protocol: "TCP", port: 443 },
        { protocol: "TCP", port: 80 },
      ],
    },
  ];
  if (dns.length > 0) egress.push({ to: dns, ports: dnsPorts });
  if (extra.length > 0) egress.push({ to: extra });
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: namespaced(input.namespace, AGENT_NETWORK_POLICY_NAME, commonLabels(input.tenantSlug)),
    // No `ingress` rules with Ingress in policyTypes denies all ingress. An empty `ingress: []` would
    // say the same, but a real API server drops empty lists, so sync would see a change every time.
    spec: {
      podSelector: { matchLabels: { [LABEL_ROLE]: AGENT_ROLE_LABEL_VALUE } },
      policyTypes: ["Ingress", "Egress"],
      egress,
    },
  };
}

/** Everything a tenant namespace needs before the first run, in apply order. */
export function tenantBaseManifests(input: {
  tenantSlug: string;
  quota?: { cpu?: string; memory?: string; pods?: number };
  allowEgressCidrs?: string[];
  dnsEgressCidrs?: string[];
}): [Manifest<V1Namespace>, Manifest<V1ServiceAccount>, Manifest<V1ResourceQuota>, Manifest<V1NetworkPolicy>] {
  const tenant = { namespace: tenantNamespaceName(input.tenantSlug), tenantSlug: input.tenantSlug };
  return [
    namespaceManifest(input),
    agentServiceAccount(tenant),
    resourceQuota({ ...tenant, ...input.quota }),
    agentNetworkPolicy({ ...tenant, allowEgressCidrs: input.allowEgressCidrs, dnsEgressCidrs: input.dnsEgressCidrs }),
  ];
}

// ---------------------------------------------------------------------------------------------
// Secrets
// ---------------------------------------------------------------------------------------------

/** `git-cred-<connectorId>`: the connector's git token, key `token`. */
export function gitCredentialSecret(input: TenantInput & { connectorId: string | number; token: string }): Manifest<V1Secret> {
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: namespaced(input.namespace, gitCredentialSecretName(input.connectorId), {
      ...commonLabels(input.tenantSlug),
      [LABEL_CONNECTOR]: labelValue(input.connectorId),
    }),
    type: "Opaque",
    stringData: { token: input.token },
  };
}

/** `run-token-<runId>`: the token the agent pod uses to report back to the app, key `token`. */
export function runTokenSecret(input: TenantInput & { runId: string | number; token: string }): Manifest<V1Secret> {
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: namespaced(input.namespace, runTokenSecretName(input.runId), {
      ...commonLabels(input.tenantSlug),
      [LABEL_RUN]: labelValue(input.runId),
    }),
    type: "Opaque",
    stringData: { token: input.token },
  };
}

/** `run-env-<runId>`: the run's own env vars, which the agent container loads whole through `envFrom`. */
export function runEnvSecret(input: TenantInput & { runId: string | number; env: Record<string, string> }): Manifest<V1Secret> {
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: namespaced(input.namespace, runEnvSecretName(input.runId), {
      ...commonLabels(input.tenantSlug),
      [LABEL_RUN]: labelValue(input.runId),
    }),
    type: "Opaque",
    stringData: { ...input.env },
  };
}

// ---------------------------------------------------------------------------------------------
// Agent run
// ---------------------------------------------------------------------------------------------

export type AgentJobInput = TenantInput & {
  runId: string | number;
  image: string;
  cloneUrl: string;
  baseBranch: string;
  branch: string;
  connectorId: string | number;
  appUrl: string;
  activeDeadlineSeconds?: number;
  ttlSecondsAfterFinished?: number;
  resources?: ResourceSpec;
  /** A Secret (`runEnvSecret`) whose keys become the agent container's env vars. */
  envSecretName?: string;
};

/** Labels of an agent run's Job and pod. */
export function agentRunLabels(tenantSlug: string, runId: string | number): Record<string, string> {
  return { ...commonLabels(tenantSlug), [LABEL_RUN]: labelValue(runId), [LABEL_ROLE]: AGENT_ROLE_LABEL_VALUE };
}

/**
 * `al-run-<runId>`: one attempt, no retries. The `clone` init container checks out `baseBranch`
 * into /workspace and creates `branch`; the `agent` container runs the pod runner. Neither has a
 * secret in its spec: GIT_TOKEN and AL_RUN_TOKEN come from Secrets via `secretKeyRef`, and the
 * run's env vars (when `envSecretName` is given) from that Secret via `envFrom`.
 */
export function agentJob(input: AgentJobInput): Manifest<V1Job> {
  const { activeDeadlineSeconds = 3600, ttlSecondsAfterFinished = 3600, resources = DEFAULT_AGENT_RESOURCES } = input;
  const labels = agentRunLabels(input.tenantSlug, input.runId);
  const runId = String(input.runId);
  const gitSecret = gitCredentialSecretName(input.connectorId);
  const agent: V1Container = {
    name: "agent",
    image: input.image,
    command: ["node", "build/server/pod-runner.js"],
    workingDir: "/app",
    env: [
      { name: "AL_RUN_ID", value: runId },
      { name: "AL_APP_URL", value: input.appUrl },
      { name: "AL_WORKSPACE", value: WORKSPACE_PATH },
      { name: "AL_BASE_BRANCH", value: input.baseBranch },
      { name: "AL_BRANCH", value: input.branch },
      { name: "HOME", value: HOME_PATH },
      secretEnv("AL_RUN_TOKEN", runTokenSecretName(input.runId)),
      secretEnv("GIT_TOKEN", gitSecret),
    ],
    resources: resourceRequirements(resources),
    securityContext: restrictedContainerSecurityContext(),
    volumeMounts: workVolumeMounts(),
    terminationMessagePolicy: "FallbackToLogsOnError",
    ...(input.envSecretName ? { envFrom: [{ secretRef: { name: input.envSecretName } }] } : {}),
  };
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: namespaced(input.namespace, agentJobName(input.runId), labels),
    spec: {
      backoffLimit: 0,
      activeDeadlineSeconds,
      ttlSecondsAfterFinished,
      template: {
        metadata: { labels: { ...labels } },
        spec: {
          ...basePodSpec(),
          restartPolicy: "Never",
          serviceAccountName: AGENT_SERVICE_ACCOUNT_NAME,
          volumes: workVolumes(),
          initContainers: [
            cloneInitContainer({
              image: input.image,
              cloneUrl: input.cloneUrl,
              baseBranch: input.baseBranch,
              branch: input.branch,
              connectorId: input.connectorId,
            }),
          ],
          containers: [agent],
        },
      },
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Previews
// ---------------------------------------------------------------------------------------------

export type PreviewDeploymentInput = TenantInput & {
  name: string;
  image: string;
  port?: number;
  env?: Record<string, string>;
  labels?: Record<string, string>;
  resources?: ResourceSpec;
};

function assertPort(port: number): void {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`port must be 1..65535, got ${port}`);
}

/** Selector labels of a preview's pods (also what its Service selects). */
export function previewSelector(name: string): Record<string, string> {
  return { [LABEL_PREVIEW]: previewResourceName(name) };
}

/**
 * A one-replica Deployment of a preview build, under the restricted security context. `env` is
 * plain values (PORT is set to `port` unless given); `labels` are extra labels, which cannot
 * override Assembly Lime's own.
 */
export function previewDeployment(input: PreviewDeploymentInput): Manifest<V1Deployment> {
  const { port = 3000, resources = DEFAULT_PREVIEW_RESOURCES } = input;
  assertPort(port);
  const name = previewResourceName(input.name);
  const extra = Object.fromEntries(Object.entries(input.labels ?? {}).map(([key, value]) => [key, labelValue(value)]));
  const labels = { ...extra, ...commonLabels(input.tenantSlug), [LABEL_ROLE]: "preview", ...previewSelector(input.name) };
  const env: V1EnvVar[] = Object.entries({ PORT: String(port), HOME: HOME_PATH, ...input.env }).map(([key, value]) => ({
    name: key,
    value,
  }));
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: namespaced(input.namespace, name, labels),
    spec: {
      replicas: 1,
      revisionHistoryLimit: 2,
      selector: { matchLabels: previewSelector(input.name) },
      template: {
        metadata: { labels: { ...labels } },
        spec: {
          ...basePodSpec(),
          volumes: [
            { name: "tmp", emptyDir: {} },
            { name: "home", emptyDir: {} },
          ],
          containers: [
            {
              name: "app",
              image: input.image,
              ports: [{ name: "http", containerPort: port, protocol: "TCP" }],
              env,
              readinessProbe: { httpGet: { path: "/", port }, periodSeconds: 5, failureThreshold: 3 },
              resources: resourceRequirements(resources),
              securityContext: restrictedContainerSecurityContext(),
              volumeMounts: [
                { name: "tmp", mountPath: "/tmp" },
                { name: "home", mountPath: HOME_PATH },
              ],
              terminationMessagePolicy: "FallbackToLogsOnError",
            },
          ],
        },
      },
    },
  };
}

/** ClusterIP Service in front of a preview Deployment (port → same target port). */
export function previewService(input: TenantInput & { name: string; port: number }): Manifest<V1Service> {
  assertPort(input.port);
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: namespaced(input.namespace, previewResourceName(input.name), {
      ...commonLabels(input.tenantSlug),
      ...previewSelector(input.name),
    }),
    spec: {
      type: "ClusterIP",
      selector: previewSelector(input.name),
      ports: [{ name: "http", port: input.port, targetPort: input.port, protocol: "TCP" }],
    },
  };
}

export type PreviewIngressInput = TenantInput & {
  name: string;
  hosts: string[];
  port: number;
  ingressClassName?: string;
  tlsSecretName?: string;
};

/** One rule per host, all paths to the preview's Service; TLS for all hosts when a secret is named. */
export function previewIngress(input: PreviewIngressInput): Manifest<V1Ingress> {
  assertPort(input.port);
  if (input.hosts.length === 0) throw new Error("previewIngress needs at least one host");
  input.hosts.forEach((host) => assertDnsSubdomain(host, "host"));
  const service = previewResourceName(input.name);
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: namespaced(input.namespace, service, { ...commonLabels(input.tenantSlug), ...previewSelector(input.name) }),
    spec: {
      ...(input.ingressClassName ? { ingressClassName: input.ingressClassName } : {}),
      ...(input.tlsSecretName ? { tls: [{ hosts: [...input.hosts], secretName: input.tlsSecretName }] } : {}),
      rules: input.hosts.map((host) => ({
        host,
        http: {
          paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: service, port: { number: input.port } } } }],
        },
      })),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Sandboxes
// ---------------------------------------------------------------------------------------------

export type SandboxPodInput = TenantInput & {
  sandboxId: string | number;
  image: string;
  /** When given, an init container clones it into /workspace (with the connector's token, if any). */
  cloneUrl?: string;
  /** Branch to clone; the remote's default branch when omitted. */
  branch?: string;
  connectorId?: string | number;
  activeDeadlineSeconds?: number;
  resources?: ResourceSpec;
};

/**
 * `al-sandbox-<id>`: a long-lived pod that just waits (work happens through exec). It carries
 * `assembly-lime/role: agent` so the agent egress NetworkPolicy confines it too.
 */
export function sandboxPod(input: SandboxPodInput): Manifest<V1Pod> {
  const { activeDeadlineSeconds = 14_400, resources = DEFAULT_AGENT_RESOURCES } = input;
  const labels = {
    ...commonLabels(input.tenantSlug),
    [LABEL_SANDBOX]: labelValue(input.sandboxId),
    [LABEL_ROLE]: AGENT_ROLE_LABEL_VALUE,
  };
  const env: V1EnvVar[] = [
    { name: "AL_SANDBOX_ID", value: String(input.sandboxId) },
    { name: "AL_WORKSPACE", value: WORKSPACE_PATH },
    { name: "HOME", value: HOME_PATH },
  ];
  if (input.connectorId !== undefined) env.push(secretEnv("GIT_TOKEN", gitCredentialSecretName(input.connectorId)));
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: namespaced(input.namespace, sandboxPodName(input.sandboxId), labels),
    spec: {
      ...basePodSpec(),
      restartPolicy: "Always",
      activeDeadlineSeconds,
      serviceAccountName: AGENT_SERVICE_ACCOUNT_NAME,
      volumes: workVolumes(),
      ...(input.cloneUrl !== undefined
        ? {
            initContainers: [
              cloneInitContainer({
                image: input.image,
                cloneUrl: input.cloneUrl,
                baseBranch: input.branch,
                connectorId: input.connectorId,
              }),
            ],
          }
        : {}),
      containers: [
        {
          name: "sandbox",
          image: input.image,
          command: ["sh", "-c", "trap : TERM INT; sleep infinity & wait"],
          workingDir: WORKSPACE_PATH,
          env,
          resources: resourceRequirements(resources),
          securityContext: restrictedContainerSecurityContext(),
          volumeMounts: workVolumeMounts(),
        },
      ],
    },
  };
}
