import { z } from "zod";

const ZDnsLabel = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, "a DNS label: lower-case letters, digits and '-', at most 63 characters");
const ZDnsSubdomain = z
  .string()
  .max(253)
  .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, "a DNS subdomain: lower-case letters, digits, '-' and '.'");
const ZQuantity = z.string().regex(/^[0-9]+(\.[0-9]+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/, "a Kubernetes quantity such as 500m or 1Gi");
const ZResources = z.strictObject({
  requests: z.strictObject({ cpu: ZQuantity, memory: ZQuantity }),
  limits: z.strictObject({ cpu: ZQuantity, memory: ZQuantity }),
});
/** Seconds SIGTERM may take in the app (SHUTDOWN_GRACE_SECONDS); the pod's grace period is derived from it. */
const ZShutdownGrace = z.number().int().min(1).max(3600).default(25);

/** Variables read from the existing Secret: the first three are required, the rest optional. */
export const SECRET_VARIABLES = [
  "DATABASE_URL",
  "SESSION_SECRET",
  "ENCRYPTION_KEY",
  "ENCRYPTION_KEYS_PREVIOUS",
  "GITHUB_CLIENT_ID",
  "GITHUB_CLIENT_SECRET",
  "ANTHROPIC_API_KEY",
  "OPENAI_API_KEY",
  "S3_ACCESS_KEY_ID",
  "S3_SECRET_ACCESS_KEY",
] as const;
export const REQUIRED_SECRET_VARIABLES: readonly SecretVariable[] = ["DATABASE_URL", "SESSION_SECRET", "ENCRYPTION_KEY"];
export type SecretVariable = (typeof SECRET_VARIABLES)[number];

/** Set by the renderer per Deployment, so a values file cannot contradict them. */
const RENDERED_VARIABLES = ["NODE_ENV", "ROLE", "PORT", "HOST", "DATA_DIR", "SHUTDOWN_GRACE_SECONDS"];

const ZConfig = z
  .object({
    /** The public URL: browsers, OAuth callbacks and agent pods use it. */
    APP_URL: z.url({ protocol: /^https?$/ }),
  })
  .catchall(z.string())
  .superRefine((config, context) => {
    for (const key of Object.keys(config)) {
      if (!/^[A-Z][A-Z0-9_]*$/.test(key))
        context.addIssue({ code: "custom", path: [key], message: "not an environment variable name" });
      else if ((SECRET_VARIABLES as readonly string[]).includes(key) || /SECRET|PASSWORD|API_KEY/.test(key))
        context.addIssue({ code: "custom", path: [key], message: "a secret: put it in the Secret named by `secret.name`" });
      else if (RENDERED_VARIABLES.includes(key))
        context.addIssue({ code: "custom", path: [key], message: "set by the renderer; leave it out" });
    }
  });

export const ZDeployValues = z.strictObject({
  /** Prefix of every object's name (and of the cluster-wide RBAC objects). */
  name: ZDnsLabel.default("assembly-lime"),
  namespace: z.strictObject({ name: ZDnsLabel, create: z.boolean().default(true) }),
  image: z.strictObject({
    repository: z.string().min(1),
    // A moving tag changes under a rollout, and `latest` implies pull policy Always.
    tag: z
      .string()
      .regex(/^[\w][\w.-]{0,127}$/, "an image tag")
      .refine((tag) => tag !== "latest", "pin a tag other than latest"),
    pullPolicy: z.enum(["IfNotPresent", "Always", "Never"]).default("IfNotPresent"),
  }),
  web: z
    .strictObject({
      minReplicas: z.number().int().min(1).max(100).default(2),
      maxReplicas: z.number().int().min(1).max(100).default(6),
      targetCPUUtilizationPercentage: z.number().int().min(10).max(100).default(70),
      resources: ZResources,
      shutdownGraceSeconds: ZShutdownGrace,
    })
    .refine((web) => web.minReplicas <= web.maxReplicas, { path: ["maxReplicas"], message: "at least minReplicas" }),
  worker: z.strictObject({
    replicas: z.number().int().min(0).max(100).default(2),
    resources: ZResources,
    shutdownGraceSeconds: ZShutdownGrace,
  }),
  /** Seconds a pod keeps serving after Kubernetes marks it terminating, before SIGTERM. */
  preStopSleepSeconds: z.number().int().min(0).max(60).default(5),
  ingress: z.strictObject({
    host: ZDnsSubdomain,
    className: z.string().min(1).optional(),
    tlsSecretName: ZDnsSubdomain.optional(),
    /** Added to (and overriding) the rendered ingress-nginx annotations. */
    annotations: z.record(z.string(), z.string()).default({}),
  }),
  /** Non-secret environment (a ConfigMap). */
  config: ZConfig,
  secret: z.strictObject({
    /** An existing Secret in the namespace; its values never pass through this file. */
    name: ZDnsSubdomain,
    /** The Secret's key for a variable when it is not the variable's own name. */
    keys: z.partialRecord(z.enum(SECRET_VARIABLES), z.string().regex(/^[-._a-zA-Z0-9]+$/, "a Secret key")).default({}),
  }),
  /** The app provisions tenant namespaces in this same cluster: render the RBAC docs/kubernetes.md lists. */
  clusterRBAC: z.boolean().default(false),
});

export type DeployValues = z.infer<typeof ZDeployValues>;

/** Validated values, or an error naming every bad field (`web.maxReplicas: at least minReplicas`). */
export function parseDeployValues(input: unknown): DeployValues {
  const parsed = ZDeployValues.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `  ${issue.path.join(".") || "(root)"}: ${issue.message}`);
  throw new Error(`Invalid deploy values:\n${problems.join("\n")}`);
}
