import { z } from "zod";
import { ZMode, ZProvider, ZRunStatus, ZUserRef } from "../schemas";

export const ZOrchestrationMode = z.enum(["parallel", "sequential"]);

export const ZExecutor = z.enum(["local", "kubernetes"]);

export const ZRunStopReason = z.enum(["turns", "cost", "time", "budget", "cancelled", "stuck", "no_finish"]);

/**
 * A run's row, as a change to the run returns it. Its pod token's hash and its
 * dispatch job's id stay on the server: zod leaves out what this does not list.
 */
export const ZRunRow = z.object({
  id: z.number(),
  tenantId: z.number(),
  projectId: z.number().nullable(),
  ticketId: z.number().nullable(),
  parentRunId: z.number().nullable(),
  orchestrationMode: ZOrchestrationMode.nullable(),
  featureId: z.number().nullable(),
  provider: ZProvider,
  model: z.string(),
  mode: ZMode,
  status: ZRunStatus,
  executor: ZExecutor,
  clusterId: z.number().nullable(),
  prompt: z.string(),
  resolvedPrompt: z.string().nullable(),
  summary: z.string().nullable(),
  error: z.string().nullable(),
  branchName: z.string().nullable(),
  prUrl: z.string().nullable(),
  prNumber: z.number().nullable(),
  inputTokens: z.number(),
  outputTokens: z.number(),
  cacheWriteTokens: z.number(),
  cacheReadTokens: z.number(),
  reasoningTokens: z.number(),
  costMicroUsd: z.number(),
  lastEventSeq: z.number(),
  createdBy: z.number().nullable(),
  startedAt: z.date().nullable(),
  finishedAt: z.date().nullable(),
  maxTurns: z.number().nullable(),
  maxCostMicroUsd: z.number().nullable(),
  maxSeconds: z.number().nullable(),
  stopReason: ZRunStopReason.nullable(),
  stopRequestedAt: z.date().nullable(),
  heartbeatAt: z.date().nullable(),
  redispatchCount: z.number(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

/** A run as lists show it: who started it, what it works on, and its costs with its sub-runs'. */
export const ZRunSummary = ZRunRow.pick({
  id: true,
  projectId: true,
  ticketId: true,
  parentRunId: true,
  orchestrationMode: true,
  provider: true,
  model: true,
  mode: true,
  status: true,
  executor: true,
  /** The first 300 characters in a list; all of it in a run's detail. */
  prompt: true,
  summary: true,
  error: true,
  branchName: true,
  prUrl: true,
  prNumber: true,
  inputTokens: true,
  outputTokens: true,
  cacheWriteTokens: true,
  cacheReadTokens: true,
  costMicroUsd: true,
  startedAt: true,
  finishedAt: true,
  createdAt: true,
}).extend({
  projectKey: z.string().nullable(),
  ticketKey: z.string().nullable(),
  ticketTitle: z.string().nullable(),
  createdBy: ZUserRef.nullable(),
});
