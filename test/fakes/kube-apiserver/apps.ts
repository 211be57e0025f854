// apps/v1: Deployments (validation, defaults, the status a controller would write).
import { isDeepStrictEqual } from "node:util";
import { defaultPodSpec, validateTemplate } from "./core";
import { type FieldError, fieldInvalid, fieldRequired } from "./errors";
import { isObject, timestamp } from "./objects";
import { resource } from "./resource-type";
import type { KubeObject } from "./types";
import { immutable } from "./validation";

export const DEPLOYMENTS = resource("apps", "deployments", "Deployment", { hasStatus: true, shortNames: ["deploy"] });

export function validateDeployment(deployment: KubeObject, old?: KubeObject): FieldError[] {
  const spec = isObject(deployment.spec) ? deployment.spec : {};
  const errors = validateTemplate(spec, ["Always"]);
  const matchLabels: Record<string, string> = spec.selector?.matchLabels ?? {};
  if (!isObject(spec.selector)) errors.push(fieldRequired("spec.selector"));
  else if (Object.keys(matchLabels).length === 0 && !spec.selector.matchExpressions?.length) {
    errors.push(fieldInvalid("spec.selector", spec.selector, "empty selector is invalid for deployment"));
  }
  const templateLabels: Record<string, string> = spec.template?.metadata?.labels ?? {};
  if (Object.entries(matchLabels).some(([key, value]) => templateLabels[key] !== value)) {
    errors.push(fieldInvalid("spec.template.metadata.labels", templateLabels, "`selector` does not match template `labels`"));
  }
  if (typeof spec.replicas !== "number" || spec.replicas < 0)
    errors.push(fieldInvalid("spec.replicas", spec.replicas, "must be greater than or equal to 0"));
  if (old && !isDeepStrictEqual(spec.selector, old.spec?.selector)) errors.push(immutable("spec.selector", spec.selector));
  return errors;
}

export function defaultDeployment(deployment: KubeObject): void {
  const spec: KubeObject = (deployment.spec ??= {});
  spec.replicas ??= 1;
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  spec.strategy ??= { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" } };
  defaultPodSpec(spec.template?.spec);
}

/** Replicas report ready at once. Zero counts are left out, as the real API's omitempty does. */
export function deploymentStatus(deployment: KubeObject, previous: KubeObject | undefined): KubeObject {
  const replicas: number = deployment.spec.replicas;
  const now = timestamp();
  const since = (type: string) => previous?.conditions?.find((c: KubeObject) => c.type === type)?.lastTransitionTime ?? now;
  const counts =
    replicas > 0 ? { replicas, updatedReplicas: replicas, readyReplicas: replicas, availableReplicas: replicas } : {};
  return {
    observedGeneration: deployment.metadata.generation,
    ...counts,
    conditions: [
      {
        type: "Available",
        status: "True",
        lastUpdateTime: now,
        lastTransitionTime: since("Available"),
        reason: "MinimumReplicasAvailable",
        message: "Deployment has minimum availability.",
      },
      {
        type: "Progressing",
        status: "True",
        lastUpdateTime: now,
        lastTransitionTime: since("Progressing"),
        reason: "NewReplicaSetAvailable",
        message: `ReplicaSet "${deployment.metadata.name}-${deployment.metadata.uid.slice(0, 10)}" has successfully progressed.`,
      },
    ],
  };
}
