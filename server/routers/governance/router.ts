import { z } from "zod";
import { PERMISSIONS } from "../../auth/permissions";
import { ROLE_KEYS } from "../../auth/roles";
import { getEnv } from "../../env.server";
import { AppError } from "../../errors";
import { createApiKey, listApiKeys, revokeApiKey } from "../../services/api-keys/api-keys";
import { listAudit } from "../../services/audit/audit";
import { getBudget, setBudget } from "../../services/budgets/budgets";
import { createEnvVarSet, deleteEnvVar, deleteEnvVarSet, listEnvVarSets, setEnvVar } from "../../services/env-vars/env-vars";
import {
  createHook,
  deleteHook,
  HOOK_EVENTS,
  listDeliveries,
  listHooks,
  sendTestDelivery,
  updateHook,
} from "../../services/hooks/hooks";
import { inviteMember, listMembers, removeMember, setMemberRole } from "../../services/members/members";
import { createTool, deleteTool, listTools, setAllowlist, updateTool } from "../../services/tools/tools";
import { router, tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";

const ZRole = z.enum(ROLE_KEYS);

export const membersRouter = router({
  list: tenantProcedure.query(({ ctx }) => listMembers({ tenantId: ctx.tenantId })),
  invite: tenantProcedure
    .input(
      z.object({
        login: z
          .string()
          .trim()
          .regex(/^@?[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/, "A GitHub login (letters, digits, dashes)."),
        role: ZRole,
      }),
    )
    .mutation(({ ctx, input }) => inviteMember({ tenantId: ctx.tenantId, ...input })),
  setRole: tenantProcedure
    .input(z.object({ userId: ZId, role: ZRole }))
    .mutation(({ ctx, input }) => setMemberRole({ tenantId: ctx.tenantId, ...input })),
  remove: tenantProcedure
    .input(z.object({ userId: ZId }))
    .mutation(({ ctx, input }) => removeMember({ tenantId: ctx.tenantId, ...input })),
});

export const apiKeysRouter = router({
  list: tenantProcedure.query(({ ctx }) => listApiKeys({ tenantId: ctx.tenantId })),
  /** The key is in this response only. A key can never hold more than its creator. */
  create: tenantProcedure
    .input(
      z.object({
        name: z.string().trim().min(1, "Name the key.").max(80),
        scopes: z.array(z.enum(PERMISSIONS)).min(1, "Pick at least one scope.").max(PERMISSIONS.length),
        expiresInDays: z.number().int().min(1).max(3650).nullish(),
      }),
    )
    .mutation(({ ctx, input }) => {
      const beyond = input.scopes.filter((scope) => !ctx.permissions.has(scope));
      if (beyond.length) throw new AppError("FORBIDDEN", `You cannot grant scopes you do not hold: ${beyond.join(", ")}.`);
      return createApiKey({ tenantId: ctx.tenantId, userId: ctx.userId, ...input, scopes: [...new Set(input.scopes)] });
    }),
  revoke: tenantProcedure
    .input(z.object({ apiKeyId: ZId }))
    .mutation(({ ctx, input }) => revokeApiKey({ tenantId: ctx.tenantId, ...input })),
});

export const auditRouter = router({
  list: tenantProcedure
    .input(
      z.object({
        actorUserId: ZId.optional(),
        action: z.string().max(80).optional(),
        targetType: z.string().max(40).optional(),
        since: z.date().optional(),
        cursor: ZId.nullish(),
        limit: z.number().int().min(1).max(200).default(50),
      }),
    )
    .query(({ ctx, input }) => listAudit({ tenantId: ctx.tenantId, ...input, before: input.cursor ?? undefined })),
});

const ZDollars = z.number().min(0).max(1_000_000);
export const budgetsRouter = router({
  get: tenantProcedure
    .input(z.object({ projectId: ZId }))
    .query(({ ctx, input }) => getBudget({ tenantId: ctx.tenantId, ...input })),
  set: tenantProcedure
    .input(
      z.object({
        projectId: ZId,
        monthlyLimitUsd: ZDollars,
        perRunLimitUsd: ZDollars.nullish(),
        warnAtPercent: z.number().int().min(1).max(100).default(80),
      }),
    )
    .mutation(({ ctx, input }) =>
      setBudget({
        tenantId: ctx.tenantId,
        projectId: input.projectId,
        monthlyLimitMicroUsd: Math.round(input.monthlyLimitUsd * 1_000_000),
        perRunLimitMicroUsd: input.perRunLimitUsd == null ? null : Math.round(input.perRunLimitUsd * 1_000_000),
        warnAtPercent: input.warnAtPercent,
      }),
    ),
});

export const envVarsRouter = router({
  list: tenantProcedure.query(({ ctx }) => listEnvVarSets({ tenantId: ctx.tenantId })),
  createSet: tenantProcedure
    .input(z.object({ name: z.string().trim().min(1).max(80), scope: z.enum(["project", "repository"]), scopeId: ZId }))
    .mutation(({ ctx, input }) => createEnvVarSet({ tenantId: ctx.tenantId, ...input })),
  setVar: tenantProcedure
    .input(z.object({ setId: ZId, key: z.string().trim().min(1).max(128), value: z.string().max(32_768) }))
    .mutation(({ ctx, input }) => setEnvVar({ tenantId: ctx.tenantId, env: getEnv(), ...input })),
  deleteVar: tenantProcedure
    .input(z.object({ varId: ZId }))
    .mutation(({ ctx, input }) => deleteEnvVar({ tenantId: ctx.tenantId, ...input })),
  deleteSet: tenantProcedure
    .input(z.object({ setId: ZId }))
    .mutation(({ ctx, input }) => deleteEnvVarSet({ tenantId: ctx.tenantId, ...input })),
});

export const hooksRouter = router({
  list: tenantProcedure.query(({ ctx }) => listHooks({ tenantId: ctx.tenantId })),
  create: tenantProcedure
    .input(
      z.object({
        name: z.string().trim().min(1).max(80),
        event: z.enum(HOOK_EVENTS),
        kind: z.enum(["webhook", "script"]),
        targetUrl: z.string().url().max(2000).nullish(),
        script: z.string().max(20_000).nullish(),
        timeoutSeconds: z.number().int().min(1).max(300).default(30),
      }),
    )
    .mutation(({ ctx, input }) => createHook({ tenantId: ctx.tenantId, userId: ctx.userId, env: getEnv(), ...input })),
  update: tenantProcedure
    .input(
      z.object({
        hookId: ZId,
        enabled: z.boolean().optional(),
        name: z.string().trim().min(1).max(80).optional(),
        timeoutSeconds: z.number().int().min(1).max(300).optional(),
      }),
    )
    .mutation(({ ctx, input }) => updateHook({ tenantId: ctx.tenantId, ...input })),
  delete: tenantProcedure
    .input(z.object({ hookId: ZId }))
    .mutation(({ ctx, input }) => deleteHook({ tenantId: ctx.tenantId, ...input })),
  deliveries: tenantProcedure
    .input(z.object({ hookId: ZId }))
    .query(({ ctx, input }) => listDeliveries({ tenantId: ctx.tenantId, ...input })),
  test: tenantProcedure
    .input(z.object({ hookId: ZId }))
    .mutation(({ ctx, input }) => sendTestDelivery({ tenantId: ctx.tenantId, ...input })),
});

const ZToolName = z
  .string()
  .trim()
  .regex(/^[a-zA-Z][a-zA-Z0-9_-]{0,63}$/, "Tool names are letters, digits, _ and -, starting with a letter.");
export const toolsRouter = router({
  list: tenantProcedure.query(({ ctx }) => listTools({ tenantId: ctx.tenantId })),
  create: tenantProcedure
    .input(
      z.object({
        name: ZToolName,
        description: z.string().trim().min(1).max(1000),
        inputSchema: z.record(z.string(), z.unknown()),
        endpointUrl: z.string().url().max(2000),
        httpMethod: z.enum(["POST", "PUT"]).default("POST"),
        headers: z.record(z.string().max(100), z.string().max(2000)).optional(),
      }),
    )
    .mutation(({ ctx, input }) => createTool({ tenantId: ctx.tenantId, userId: ctx.userId, env: getEnv(), ...input })),
  update: tenantProcedure
    .input(
      z.object({
        toolId: ZId,
        description: z.string().trim().min(1).max(1000).optional(),
        endpointUrl: z.string().url().optional(),
        enabled: z.boolean().optional(),
      }),
    )
    .mutation(({ ctx, input }) => updateTool({ tenantId: ctx.tenantId, ...input })),
  delete: tenantProcedure
    .input(z.object({ toolId: ZId }))
    .mutation(({ ctx, input }) => deleteTool({ tenantId: ctx.tenantId, ...input })),
  setAllowlist: tenantProcedure
    .input(z.object({ provider: z.enum(["claude", "codex"]), toolNames: z.array(ZToolName).max(50) }))
    .mutation(({ ctx, input }) => setAllowlist({ tenantId: ctx.tenantId, ...input })),
});
