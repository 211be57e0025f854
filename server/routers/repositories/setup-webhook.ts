import { z } from "zod";
import { setupRepositoryWebhook } from "../../services/webhooks/setup-repository-webhook";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";

export const ZSetupWebhookRequest = z.object({ repositoryId: ZId });

export const ZSetupWebhookResponse = z.object({ id: z.number(), githubHookId: z.number().nullable(), created: z.boolean() });

export const setupWebhookProcedure = tenantProcedure
  .meta({ permission: "integrations:manage", transaction: "explicit" })
  .input(ZSetupWebhookRequest)
  .output(ZSetupWebhookResponse)
  .mutation(({ ctx, input }) =>
    setupRepositoryWebhook({ tenantId: ctx.tenantId, env: ctx.env, ...input, commit: ctx.inTransaction }),
  );
