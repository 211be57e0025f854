import { TRPCError } from "@trpc/server";
import { runForToken } from "../services/agent-runs/pod-auth";
import { masker } from "../services/env-vars/masker";
import { resolveRunEnv } from "../services/env-vars/resolve-run-env";
import { baseProcedure } from "./init";
import { refuseUndeclared } from "./procedures";

/**
 * The API a Kubernetes agent pod talks to. It authenticates with the run's
 * token (Authorization: Bearer alrun_…), which opens exactly that run and only
 * while it runs; its procedures declare `permission: "run-token"`. The pod
 * never holds model keys or database credentials: model calls go through
 * `pod.complete`, which uses the app's provider client and meters the tokens.
 */
export const podProcedure = baseProcedure.use(async ({ ctx, meta, path, next }) => {
  if (meta?.permission !== "run-token") refuseUndeclared(path);
  const run = ctx.bearer ? await runForToken(ctx.bearer) : null;
  if (!run) throw new TRPCError({ code: "UNAUTHORIZED", message: "This run token is not valid, or the run has ended." });
  return next({ ctx: { ...ctx, run, tenantId: run.tenantId } });
});

/** For the calls that store what the pod reports: it is masked against the run's env var values first. */
export const reportingPodProcedure = podProcedure.use(async ({ ctx, next }) => {
  const { mask } = masker(
    await resolveRunEnv({ tenantId: ctx.run.tenantId, runId: ctx.run.id, projectId: ctx.run.projectId, env: ctx.env }),
  );
  return next({ ctx: { ...ctx, mask } });
});
