/**
 * Pure builders for the manifests that run the app itself (not agent runs): validated values in,
 * plain objects out, in the order `kubectl apply` wants them. No template engine: what is
 * rendered is what the tests check against the Kubernetes schemas.
 */
import type {
  V1ConfigMap,
  V1Container,
  V1Deployment,
  V1EnvVar,
  V1Ingress,
  V1Namespace,
  V1PodDisruptionBudget,
  V1Probe,
  V1Service,
  V1ServiceAccount,
  V2HorizontalPodAutoscaler,
} from "@kubernetes/client-node";
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from "../manifests";
import { appClusterRbac, serviceAccountTokenSecret } from "./rbac";
import { REQUIRED_SECRET_VARIABLES, SECRET_VARIABLES, type DeployValues } from "./values";

type Role = "web" | "worker";

/** The image's own port (its ENV PORT); both roles listen on it, the worker for health checks only. */
export const APP_PORT = 3434;
const DATA_DIR = "/data";
/** Slack between the app's own deadline (it force-exits then) and the kubelet's SIGKILL. */
const KILL_MARGIN_SECONDS = 5;

const labelsOf = (values: DeployValues, role?: Role) => ({
  "app.kubernetes.io/name": "assembly-lime",
  "app.kubernetes.io/instance": values.name,
  // Not `managed-by=assembly-lime`: the app lists namespaces with that label as its tenants'.
  "app.kubernetes.io/part-of": "assembly-lime",
  ...(role ? { "app.kubernetes.io/component": role } : {}),
});
const selectorOf = (values: DeployValues, role: Role) => ({
  "app.kubernetes.io/instance": values.name,
  "app.kubernetes.io/component": role,
});
const nameOf = (values: DeployValues, role?: Role) => (role ? `${values.name}-${role}` : values.name);
const metadataOf = (values: DeployValues, role?: Role) => ({
  name: nameOf(values, role),
  namespace: values.namespace.name,
  labels: labelsOf(values, role),
});

/** Every object, Namespace first, so `kubectl apply -f` of the output works on an empty cluster. */
export function renderDeployment(values: DeployValues) {
  const rbacInput = {
    name: values.name,
    namespace: values.namespace.name,
    serviceAccountName: values.name,
    labels: labelsOf(values),
  };
  return [
    ...(values.namespace.create ? [appNamespace(values)] : []),
    appServiceAccount(values),
    ...(values.clusterRBAC ? [serviceAccountTokenSecret(rbacInput), ...appClusterRbac(rbacInput)] : []),
    appConfigMap(values),
    appService(values),
    appDeployment(values, "web"),
    appDeployment(values, "worker"),
    appDisruptionBudget(values, "web"),
    appDisruptionBudget(values, "worker"),
    webAutoscaler(values),
    appIngress(values),
  ];
}

/** Enforces Pod Security "restricted", so a pod that drifts from it is refused at admission. */
export function appNamespace(values: DeployValues): V1Namespace {
  const restricted = Object.fromEntries(
    ["enforce", "warn", "audit"].flatMap((mode) => [
      [`pod-security.kubernetes.io/${mode}`, "restricted"],
      [`pod-security.kubernetes.io/${mode}-version`, "latest"],
    ]),
  );
  return {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name: values.namespace.name, labels: { ...labelsOf(values), ...restricted } },
  };
}

/** The pods' identity; no token is mounted: the app reaches clusters through registered kubeconfigs. */
export function appServiceAccount(values: DeployValues): V1ServiceAccount {
  return { apiVersion: "v1", kind: "ServiceAccount", metadata: metadataOf(values), automountServiceAccountToken: false };
}

/** The non-secret environment shared by both roles. */
export function appConfigMap(values: DeployValues): V1ConfigMap {
  return { apiVersion: "v1", kind: "ConfigMap", metadata: metadataOf(values), data: { ...values.config } };
}

/** Secrets by reference only; the app's own start-up check names a required one that is missing. */
function secretEnv(values: DeployValues): V1EnvVar[] {
  return SECRET_VARIABLES.map((name) => ({
    name,
    valueFrom: {
      secretKeyRef: {
        name: values.secret.name,
        key: values.secret.keys[name] ?? name,
        // A missing optional key leaves the variable unset (GitHub login or a provider off), not the pod stuck.
        optional: !REQUIRED_SECRET_VARIABLES.includes(name),
      },
    },
  }));
}

function httpProbe(path: string, probe: Omit<V1Probe, "httpGet">): V1Probe {
  return { httpGet: { path, port: "http" }, ...probe };
}

function appContainer(values: DeployValues, role: Role): V1Container {
  const { resources, shutdownGraceSeconds } = values[role];
  return {
    name: "app",
    image: `${values.image.repository}:${values.image.tag}`,
    imagePullPolicy: values.image.pullPolicy,
    ports: [{ name: "http", containerPort: APP_PORT, protocol: "TCP" }],
    envFrom: [{ configMapRef: { name: nameOf(values) } }],
    env: [
      { name: "NODE_ENV", value: "production" },
      { name: "ROLE", value: role },
      { name: "PORT", value: String(APP_PORT) },
      { name: "HOST", value: "0.0.0.0" },
      { name: "DATA_DIR", value: DATA_DIR },
      { name: "SHUTDOWN_GRACE_SECONDS", value: String(shutdownGraceSeconds) },
      ...secretEnv(values),
    ],
    resources: { requests: { ...resources.requests }, limits: { ...resources.limits } },
    // Start-up runs migrations and may wait for Postgres: up to 5 minutes before liveness counts.
    startupProbe: httpProbe("/healthz", { periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 60 }),
    livenessProbe: httpProbe("/healthz", { periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 }),
    // 503 from the first moment of a shutdown, and while the database or pg-boss is not up.
    readinessProbe: httpProbe("/readyz", { periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 2 }),
    // Endpoints and ingress controllers drop a terminating pod asynchronously: keep serving meanwhile.
    lifecycle: values.preStopSleepSeconds
      ? { preStop: { exec: { command: ["sleep", String(values.preStopSleepSeconds)] } } }
      : undefined,
    securityContext: restrictedContainerSecurityContext(),
    // The root filesystem is read-only: /tmp (tsx, git) and DATA_DIR (uploads without S3, local workspaces) are not.
    volumeMounts: [
      { name: "tmp", mountPath: "/tmp" },
      { name: "data", mountPath: DATA_DIR },
    ],
  };
}

/**
 * One Deployment per role. The web one leaves `replicas` to its autoscaler (an applied count
 * would reset it on every apply); surge-only rollouts keep serving capacity throughout.
 */
export function appDeployment(values: DeployValues, role: Role): V1Deployment {
  const selector = selectorOf(values, role);
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: metadataOf(values, role),
    spec: {
      ...(role === "worker" ? { replicas: values.worker.replicas } : {}),
      selector: { matchLabels: selector },
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      template: {
        metadata: { labels: labelsOf(values, role) },
        spec: {
          serviceAccountName: nameOf(values),
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          securityContext: restrictedPodSecurityContext(),
          // preStop sleep, then the app's own drain (it exits by SHUTDOWN_GRACE_SECONDS), then a margin.
          terminationGracePeriodSeconds: values.preStopSleepSeconds + values[role].shutdownGraceSeconds + KILL_MARGIN_SECONDS,
          // Spread replicas over nodes so one node's drain or loss takes at most one of them.
          topologySpreadConstraints: [
            {
              maxSkew: 1,
              topologyKey: "kubernetes.io/hostname",
              whenUnsatisfiable: "ScheduleAnyway",
              labelSelector: { matchLabels: selector },
            },
          ],
          containers: [appContainer(values, role)],
          volumes: [
            { name: "tmp", emptyDir: {} },
            { name: "data", emptyDir: {} },
          ],
        },
      },
    },
  };
}

/** Web pods only: workers take no traffic. */
export function appService(values: DeployValues): V1Service {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: metadataOf(values),
    spec: {
      type: "ClusterIP",
      selector: selectorOf(values, "web"),
      ports: [{ name: "http", port: 80, targetPort: "http", protocol: "TCP" }],
    },
  };
}

/** One pod at a time may be evicted by a node drain, whatever the replica count (minAvailable could block drains). */
export function appDisruptionBudget(values: DeployValues, role: Role): V1PodDisruptionBudget {
  return {
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: metadataOf(values, role),
    spec: { maxUnavailable: 1, selector: { matchLabels: selectorOf(values, role) } },
  };
}

/** Web replicas by CPU: requests are mostly short, so CPU follows load; SSE streams cost little. */
export function webAutoscaler(values: DeployValues): V2HorizontalPodAutoscaler {
  return {
    apiVersion: "autoscaling/v2",
    kind: "HorizontalPodAutoscaler",
    metadata: metadataOf(values, "web"),
    spec: {
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: nameOf(values, "web") },
      minReplicas: values.web.minReplicas,
      maxReplicas: values.web.maxReplicas,
      metrics: [
        {
          type: "Resource",
          resource: {
            name: "cpu",
            target: { type: "Utilization", averageUtilization: values.web.targetCPUUtilizationPercentage },
          },
        },
      ],
    },
  };
}

/**
 * ingress-nginx settings for the app's traffic: event streams (SSE) and `pod.complete` stay open
 * for minutes, so long timeouts and no response buffering (which would hold events back); the body
 * limit is at least the app's own, so the app answers oversized bodies itself.
 */
function nginxAnnotations(values: DeployValues) {
  const bodyLimitBytes = Number(values.config.BODY_LIMIT_BYTES ?? 1_000_000);
  return {
    "nginx.ingress.kubernetes.io/proxy-read-timeout": "3600",
    "nginx.ingress.kubernetes.io/proxy-send-timeout": "3600",
    "nginx.ingress.kubernetes.io/proxy-buffering": "off",
    "nginx.ingress.kubernetes.io/proxy-request-buffering": "off",
    "nginx.ingress.kubernetes.io/proxy-body-size": `${Math.ceil(bodyLimitBytes / 1_048_576) + 1}m`,
  };
}

export function appIngress(values: DeployValues): V1Ingress {
  const { host, className, tlsSecretName, annotations } = values.ingress;
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: { ...metadataOf(values), annotations: { ...nginxAnnotations(values), ...annotations } },
    spec: {
      ...(className ? { ingressClassName: className } : {}),
      ...(tlsSecretName ? { tls: [{ hosts: [host], secretName: tlsSecretName }] } : {}),
      rules: [
        {
          host,
          http: {
            paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: nameOf(values), port: { name: "http" } } } }],
          },
        },
      ],
    },
  };
}
