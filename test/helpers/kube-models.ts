import { Deployment } from "kubernetes-models/apps/v1";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2";
import { Job } from "kubernetes-models/batch/v1";
import { Ingress, NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1";
import { ConfigMap, Namespace, Node, Pod, ResourceQuota, Secret, Service, ServiceAccount } from "kubernetes-models/v1";

export type KubeModel = new (data: never) => { validate(): void };

/**
 * The official schema (kubernetes-models) of every kind the product writes or reads, by
 * `<apiVersion>/<kind>`: what the k8s tests check built manifests against, and what the fake
 * API server checks every written object against.
 */
export const KUBE_MODELS: Record<string, KubeModel> = {
  "v1/Namespace": Namespace,
  "v1/Node": Node,
  "v1/ServiceAccount": ServiceAccount,
  "v1/ResourceQuota": ResourceQuota,
  "v1/Secret": Secret,
  "v1/ConfigMap": ConfigMap,
  "v1/Pod": Pod,
  "v1/Service": Service,
  "rbac.authorization.k8s.io/v1/Role": Role,
  "rbac.authorization.k8s.io/v1/RoleBinding": RoleBinding,
  "rbac.authorization.k8s.io/v1/ClusterRole": ClusterRole,
  "rbac.authorization.k8s.io/v1/ClusterRoleBinding": ClusterRoleBinding,
  "networking.k8s.io/v1/NetworkPolicy": NetworkPolicy,
  "networking.k8s.io/v1/Ingress": Ingress,
  "batch/v1/Job": Job,
  "apps/v1/Deployment": Deployment,
  "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
  "autoscaling/v2/HorizontalPodAutoscaler": HorizontalPodAutoscaler,
};
