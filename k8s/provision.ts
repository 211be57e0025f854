import type { KubeClients } from "./client";
import { isNotFound } from "./client";
import { AGENT_ROLE_BINDING_NAME, AGENT_ROLE_NAME, tenantBaseManifests, tenantNamespaceName } from "./manifests";

type Obj = { metadata?: { name?: string; resourceVersion?: string; labels?: Record<string, string> } } & Record<string, unknown>;

/** What `ensure` takes: any built manifest (see `Manifest` in ./manifests), which always has a name. */
type Desired = { metadata: { name: string } };

/** How to read, create and replace one kind; `compare` picks the fields we own. */
type Kind = {
  kind: string;
  read: (name: string) => Promise<Obj>;
  create: (body: Obj) => Promise<Obj>;
  replace: (name: string, body: Obj) => Promise<Obj>;
  compare: (object: Obj) => unknown;
};

const pick = (object: Obj, keys: string[]) => Object.fromEntries(keys.map((key) => [key, object[key] ?? null]));
const labelsOf = (object: Obj) => object.metadata?.labels ?? {};

/**
 * Makes an object match what we want: created when missing, replaced when our
 * fields differ, left alone (no write at all) when they already match — so
 * provisioning can run again and again and change nothing.
 */
export async function ensure(kind: Kind, manifest: Desired): Promise<"created" | "updated" | "unchanged"> {
  const desired = manifest as unknown as Obj;
  const name = manifest.metadata.name;
  let existing: Obj;
  try {
    existing = await kind.read(name);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    await kind.create(desired);
    return "created";
  }
  // Ours is a subset of what the server holds (it adds defaults): unchanged when every field we set matches.
  if (contains(labelsOf(existing), labelsOf(desired)) && contains(kind.compare(existing), kind.compare(desired)))
    return "unchanged";
  await kind.replace(name, {
    ...desired,
    metadata: { ...desired.metadata, resourceVersion: existing.metadata?.resourceVersion },
  });
  return "updated";
}

/**
 * Whether `actual` has every value `wanted` sets (objects by key, arrays element by element). An
 * empty list matches a missing one: a real API server drops empty lists when it stores an object.
 */
function contains(actual: unknown, wanted: unknown): boolean {
  if (wanted === null || wanted === undefined) return true;
  if (Array.isArray(wanted) && wanted.length === 0 && (actual === undefined || actual === null)) return true;
  if (Array.isArray(wanted))
    return (
      Array.isArray(actual) && actual.length === wanted.length && wanted.every((item, index) => contains(actual[index], item))
    );
  if (typeof wanted === "object") {
    if (!actual || typeof actual !== "object") return false;
    return Object.entries(wanted).every(([key, value]) => contains((actual as Record<string, unknown>)[key], value));
  }
  return String(actual) === String(wanted);
}

export function kinds(clients: KubeClients, namespace: string) {
  const { core, rbac, networking } = clients;
  return {
    namespace: {
      kind: "Namespace",
      read: (name) => core.readNamespace({ name }) as unknown as Promise<Obj>,
      create: (body) => core.createNamespace({ body: body as never }) as unknown as Promise<Obj>,
      replace: (name, body) => core.replaceNamespace({ name, body: body as never }) as unknown as Promise<Obj>,
      compare: () => null,
    },
    serviceAccount: {
      kind: "ServiceAccount",
      read: (name) => core.readNamespacedServiceAccount({ name, namespace }) as unknown as Promise<Obj>,
      create: (body) => core.createNamespacedServiceAccount({ namespace, body: body as never }) as unknown as Promise<Obj>,
      replace: (name, body) =>
        core.replaceNamespacedServiceAccount({ name, namespace, body: body as never }) as unknown as Promise<Obj>,
      compare: (object) => pick(object, ["automountServiceAccountToken"]),
    },
    role: {
      kind: "Role",
      read: (name) => rbac.readNamespacedRole({ name, namespace }) as unknown as Promise<Obj>,
      create: (body) => rbac.createNamespacedRole({ namespace, body: body as never }) as unknown as Promise<Obj>,
      replace: (name, body) => rbac.replaceNamespacedRole({ name, namespace, body: body as never }) as unknown as Promise<Obj>,
      compare: (object) => pick(object, ["rules"]),
      remove: (name) => rbac.deleteNamespacedRole({ name, namespace }),
    },
    roleBinding: {
      kind: "RoleBinding",
      read: (name) => rbac.readNamespacedRoleBinding({ name, namespace }) as unknown as Promise<Obj>,
      create: (body) => rbac.createNamespacedRoleBinding({ namespace, body: body as never }) as unknown as Promise<Obj>,
      replace: (name, body) =>
        rbac.replaceNamespacedRoleBinding({ name, namespace, body: body as never }) as unknown as Promise<Obj>,
      compare: (object) => pick(object, ["roleRef", "subjects"]),
      remove: (name) => rbac.deleteNamespacedRoleBinding({ name, namespace }),
    },
    quota: {
      kind: "ResourceQuota",
      read: (name) => core.readNamespacedResourceQuota({ name, namespace }) as unknown as Promise<Obj>,
      create: (body) => core.createNamespacedResourceQuota({ namespace, body: body as never }) as unknown as Promise<Obj>,
      replace: (name, body) =>
        core.replaceNamespacedResourceQuota({ name, namespace, body: body as never }) as unknown as Promise<Obj>,
      compare: (object) => (object.spec as { hard?: unknown } | undefined)?.hard ?? null,
    },
    networkPolicy: {
      kind: "NetworkPolicy",
      read: (name) => networking.readNamespacedNetworkPolicy({ name, namespace }) as unknown as Promise<Obj>,
      create: (body) => networking.createNamespacedNetworkPolicy({ namespace, body: body as never }) as unknown as Promise<Obj>,
      replace: (name, body) =>
        networking.replaceNamespacedNetworkPolicy({ name, namespace, body: body as never }) as unknown as Promise<Obj>,
      compare: (object) => pick(object, ["spec"]),
    },
    secret: {
      kind: "Secret",
      read: (name) => core.readNamespacedSecret({ name, namespace }) as unknown as Promise<Obj>,
      create: (body) => core.createNamespacedSecret({ namespace, body: body as never }) as unknown as Promise<Obj>,
      replace: (name, body) => core.replaceNamespacedSecret({ name, namespace, body: body as never }) as unknown as Promise<Obj>,
      // A Secret read back has `data` (base64); ours has `stringData`: compare the decoded values.
      compare: (object) => secretValues(object),
    },
    deployment: {
      kind: "Deployment",
      read: (name) => clients.apps.readNamespacedDeployment({ name, namespace }) as unknown as Promise<Obj>,
      create: (body) => clients.apps.createNamespacedDeployment({ namespace, body: body as never }) as unknown as Promise<Obj>,
      replace: (name, body) =>
        clients.apps.replaceNamespacedDeployment({ name, namespace, body: body as never }) as unknown as Promise<Obj>,
      compare: (object) => (object.spec as { template?: unknown } | undefined)?.template ?? null,
    },
    service: {
      kind: "Service",
      read: (name) => core.readNamespacedService({ name, namespace }) as unknown as Promise<Obj>,
      create: (body) => core.createNamespacedService({ namespace, body: body as never }) as unknown as Promise<Obj>,
      replace: (name, body) => core.replaceNamespacedService({ name, namespace, body: body as never }) as unknown as Promise<Obj>,
      compare: (object) => {
        const spec = (object.spec ?? {}) as { ports?: unknown; selector?: unknown };
        return { ports: spec.ports ?? null, selector: spec.selector ?? null };
      },
    },
    ingress: {
      kind: "Ingress",
      read: (name) => networking.readNamespacedIngress({ name, namespace }) as unknown as Promise<Obj>,
      create: (body) => networking.createNamespacedIngress({ namespace, body: body as never }) as unknown as Promise<Obj>,
      replace: (name, body) =>
        networking.replaceNamespacedIngress({ name, namespace, body: body as never }) as unknown as Promise<Obj>,
      compare: (object) => pick(object, ["spec"]),
    },
  } satisfies Record<string, Kind & { remove?: (name: string) => Promise<unknown> }>;
}

/**
 * Deletes an object we no longer create, reading first so that a sync with nothing to remove
 * stays read-only.
 */
async function ensureAbsent(kind: Kind & { remove: (name: string) => Promise<unknown> }, name: string) {
  try {
    await kind.read(name);
  } catch (error) {
    if (isNotFound(error)) return "absent";
    throw error;
  }
  return (await deleteIfPresent(() => kind.remove(name))) ? "removed" : "absent";
}

/** Deletes a namespaced object, treating "already gone" as done. */
export async function deleteIfPresent(remove: () => Promise<unknown>) {
  try {
    await remove();
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

function secretValues(object: Obj) {
  const data = (object.data ?? {}) as Record<string, string>;
  const strings = (object.stringData ?? {}) as Record<string, string>;
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(data)) values[key] = Buffer.from(value, "base64").toString("utf8");
  Object.assign(values, strings);
  return values;
}

export type QuotaOptions = { cpu: string; memory: string; pods: number };

/**
 * The tenant's namespace `al-{slug}` and what agent Jobs need in it: a service account whose
 * token is never mounted and that no Role is bound to (agent pods call no Kubernetes API),
 * a resource quota and an egress-limiting network policy. The Role and RoleBinding earlier
 * versions gave that account (secrets read, jobs CRUD) are deleted. Idempotent.
 */
export async function provisionTenantNamespace(
  clients: KubeClients,
  options: { tenantSlug: string; quota: QuotaOptions; allowEgressCidrs?: string[]; dnsEgressCidrs?: string[] },
) {
  const namespace = tenantNamespaceName(options.tenantSlug);
  const k = kinds(clients, namespace);
  const [namespaceObject, serviceAccount, quota, networkPolicy] = tenantBaseManifests(options);
  const results: Record<string, string> = {};
  results.namespace = await ensure(k.namespace, namespaceObject);
  results.serviceAccount = await ensure(k.serviceAccount, serviceAccount);
  results.legacyRoleBinding = await ensureAbsent(k.roleBinding, AGENT_ROLE_BINDING_NAME);
  results.legacyRole = await ensureAbsent(k.role, AGENT_ROLE_NAME);
  results.quota = await ensure(k.quota, quota);
  results.networkPolicy = await ensure(k.networkPolicy, networkPolicy);
  return { namespace, results };
}

/** Deletes the tenant's namespace (and so everything in it). */
export async function teardownTenantNamespace(clients: KubeClients, tenantSlug: string) {
  const name = tenantNamespaceName(tenantSlug);
  return deleteIfPresent(() => clients.core.deleteNamespace({ name }));
}
