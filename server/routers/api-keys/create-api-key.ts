import { z } from "zod";
import { PERMISSIONS } from "../../auth/permissions";
import { AppError } from "../../errors";
import { createApiKey } from "../../services/api-keys/create-api-key";
import { tenantProcedure } from "../../trpc/procedures";
import { ZCreatedApiKey } from "./schemas";

export const ZCreateApiKeyRequest = z.object({
  name: z.string().trim().min(1, "Name the key.").max(80),
  scopes: z.array(z.enum(PERMISSIONS)).min(1, "Pick at least one scope.").max(PERMISSIONS.length),
  expiresInDays: z.number().int().min(1).max(3650).nullish(),
});

/** The key is in this response only. A key can never hold more than its creator. */
export const createApiKeyProcedure = tenantProcedure
  .meta({ permission: "keys:manage" })
  .input(ZCreateApiKeyRequest)
  .output(ZCreatedApiKey)
  .mutation(({ ctx, input }) => {
    const beyond = input.scopes.filter((scope) => !ctx.permissions.has(scope));
    if (beyond.length) throw new AppError("FORBIDDEN", `You cannot grant scopes you do not hold: ${beyond.join(", ")}.`);
    return createApiKey({ tenantId: ctx.tenantId, userId: ctx.userId, ...input, scopes: [...new Set(input.scopes)] });
  });
