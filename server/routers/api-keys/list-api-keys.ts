import { z } from "zod";
import { listApiKeys } from "../../services/api-keys/list-api-keys";
import { tenantProcedure } from "../../trpc/procedures";
import { ZApiKey } from "./schemas";

export const listApiKeysProcedure = tenantProcedure
  .meta({ permission: "keys:manage" })
  .output(z.array(ZApiKey))
  .query(({ ctx }) => listApiKeys({ tenantId: ctx.tenantId }));
