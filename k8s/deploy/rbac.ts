import type { V1ClusterRole, V1ClusterRoleBinding, V1PolicyRule, V1Secret } from "@kubernetes/client-node";

/**
 * Exactly what the app calls outside tenant namespaces (k8s/provision.ts, services/clusters):
 * namespaces read, created, relabelled and deleted; nodes listed by sync. Kept equal to
 * docs/kubernetes.md by `render.test.ts`, which reads the doc.
 */
export const APP_CLUSTER_RULES: V1PolicyRule[] = [
  { apiGroups: [""], resources: ["namespaces"], verbs: ["get", "list", "create", "update", "delete"] },
  { apiGroups: [""], resources: ["nodes"], verbs: ["list"] },
];

/**
 * Exactly what the app calls inside a tenant namespace: scaffolding (provisionTenantNamespace),
 * runs and sandboxes (k8s/jobs.ts, services/sandboxes), previews (services/previews). Roles and
 * role bindings are only read and deleted: sync removes the Role earlier versions gave agent pods.
 */
export const APP_TENANT_RULES: V1PolicyRule[] = [
  { apiGroups: [""], resources: ["serviceaccounts", "resourcequotas"], verbs: ["get", "create", "update"] },
  { apiGroups: ["rbac.authorization.k8s.io"], resources: ["roles", "rolebindings"], verbs: ["get", "delete"] },
  { apiGroups: ["networking.k8s.io"], resources: ["networkpolicies"], verbs: ["get", "create", "update"] },
  { apiGroups: [""], resources: ["secrets"], verbs: ["get", "create", "update", "delete"] },
  { apiGroups: ["batch"], resources: ["jobs"], verbs: ["get", "create", "delete"] },
  { apiGroups: [""], resources: ["pods"], verbs: ["get", "list", "create", "delete"] },
  { apiGroups: [""], resources: ["pods/log"], verbs: ["get"] },
  { apiGroups: ["apps"], resources: ["deployments"], verbs: ["get", "create", "update", "delete"] },
  { apiGroups: [""], resources: ["services"], verbs: ["get", "create", "update", "delete"] },
  { apiGroups: ["networking.k8s.io"], resources: ["ingresses"], verbs: ["get", "create", "update", "delete"] },
];

type RbacInput = { name: string; namespace: string; serviceAccountName: string; labels: Record<string, string> };

/**
 * The two ClusterRoles and their bindings to the app's service account. The tenant rules are
 * bound cluster-wide (the doc's "simple" variant): the namespaces do not exist before the
 * app creates them, so a RoleBinding per namespace cannot be rendered ahead of time.
 */
export function appClusterRbac(input: RbacInput): (V1ClusterRole | V1ClusterRoleBinding)[] {
  const roles = [
    { name: `${input.name}-cluster`, rules: APP_CLUSTER_RULES },
    { name: `${input.name}-tenant`, rules: APP_TENANT_RULES },
  ];
  return [
    ...roles.map((role): V1ClusterRole => ({
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      metadata: { name: role.name, labels: input.labels },
      rules: role.rules,
    })),
    ...roles.map((role): V1ClusterRoleBinding => ({
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: { name: role.name, labels: input.labels },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: role.name },
      subjects: [{ kind: "ServiceAccount", name: input.serviceAccountName, namespace: input.namespace }],
    })),
  ];
}

/**
 * A long-lived token for the service account, filled in by Kubernetes (this manifest holds no
 * value). The app reaches clusters only through registered kubeconfigs, so the operator builds
 * one from this token (docs/kubernetes.md, step 2) and registers this cluster with it.
 */
export function serviceAccountTokenSecret(input: RbacInput): V1Secret {
  return {
    apiVersion: "v1",
    kind: "Secret",
    type: "kubernetes.io/service-account-token",
    metadata: {
      name: `${input.serviceAccountName}-token`,
      namespace: input.namespace,
      labels: input.labels,
      annotations: { "kubernetes.io/service-account.name": input.serviceAccountName },
    },
  };
}
