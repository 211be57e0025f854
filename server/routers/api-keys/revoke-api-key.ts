import { z } from "zod";
import { revokeApiKey } from "../../services/api-keys/revoke-api-key";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";
import { ZRevokedApiKey } from "./schemas";

export const ZRevokeApiKeyRequest = z.object({ apiKeyId: ZId });

export const revokeApiKeyProcedure = tenantProcedure
  .meta({ permission: "keys:manage" })
  .input(ZRevokeApiKeyRequest)
  .output(ZRevokedApiKey)
  .mutation(({ ctx, input }) => revokeApiKey({ tenantId: ctx.tenantId, ...input }));
