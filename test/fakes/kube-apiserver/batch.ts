// batch/v1: Jobs (validation, defaults, the status the job controller would write).
import { isDeepStrictEqual } from "node:util";
import { defaultPodSpec, validateTemplate } from "./core";
import type { FieldError } from "./errors";
import { condition, isObject, timestamp } from "./objects";
import { resource } from "./resource-type";
import type { JobOutcome, KubeObject } from "./types";
import { immutable } from "./validation";

export const JOBS = resource("batch", "jobs", "Job", { hasStatus: true });

export function validateJob(job: KubeObject, old?: KubeObject): FieldError[] {
  const spec = isObject(job.spec) ? job.spec : {};
  // The pod template is defaulted to restartPolicy Always, which a Job then refuses: a classic.
  const errors = validateTemplate(spec, ["OnFailure", "Never"]);
  if (old && !isDeepStrictEqual(spec.template, old.spec?.template)) errors.push(immutable("spec.template", spec.template));
  if (old && !isDeepStrictEqual(spec.selector, old.spec?.selector)) errors.push(immutable("spec.selector", spec.selector));
  return errors;
}

/** Job defaults, including the selector and labels the server generates from the job's uid. */
export function defaultJob(job: KubeObject): void {
  const spec: KubeObject = (job.spec ??= {});
  spec.parallelism ??= 1;
  spec.completions ??= 1;
  spec.backoffLimit ??= 6;
  spec.completionMode ??= "NonIndexed";
  spec.suspend ??= false;
  spec.podReplacementPolicy ??= "TerminatingOrFailed";
  const template: KubeObject = (spec.template ??= {});
  defaultPodSpec(template.spec);
  if (spec.selector || spec.manualSelector) return; // an update keeps what the create generated
  const { uid, name } = job.metadata;
  const generated = {
    "batch.kubernetes.io/controller-uid": uid,
    "batch.kubernetes.io/job-name": name,
    "controller-uid": uid,
    "job-name": name,
  };
  spec.selector = { matchLabels: { "batch.kubernetes.io/controller-uid": uid } };
  template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, ...generated } };
  if (!job.metadata.labels || Object.keys(job.metadata.labels).length === 0) job.metadata.labels = { ...generated };
}

/**
 * Job status as the job controller of v1.31 writes it: a terminal job also carries the
 * SuccessCriteriaMet / FailureTarget condition that precedes Complete / Failed.
 */
export function jobStatus(job: KubeObject, outcome: JobOutcome, message?: string): KubeObject {
  const now = timestamp();
  const startTime: string = job.status?.startTime ?? now;
  if (outcome === "running") return { active: 1, ready: 1, startTime, terminating: 0, uncountedTerminatedPods: {} };
  if (outcome === "succeeded") {
    const text = message ?? "Reached expected number of succeeded pods";
    return {
      succeeded: 1,
      ready: 0,
      startTime,
      completionTime: now,
      terminating: 0,
      uncountedTerminatedPods: {},
      conditions: [
        condition("SuccessCriteriaMet", "True", "CompletionsReached", text, now),
        condition("Complete", "True", "CompletionsReached", text, now),
      ],
    };
  }
  const text = message ?? "Job has reached the specified backoff limit";
  return {
    failed: 1,
    ready: 0,
    startTime,
    terminating: 0,
    uncountedTerminatedPods: {},
    conditions: [
      condition("FailureTarget", "True", "BackoffLimitExceeded", text, now),
      condition("Failed", "True", "BackoffLimitExceeded", text, now),
    ],
  };
}
