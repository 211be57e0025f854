import { z } from "zod";
import { setEnvVar } from "../../services/env-vars/set-env-var";
import { reservedEnvNameReason } from "../../services/env-vars/reserved-env-names";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";
import { ZSetEnvVarResponse } from "./schemas";

export const ZSetEnvVarRequest = z.object({
  setId: ZId,
  key: z
    .string()
    .trim()
    .min(1, "Name the variable.")
    .max(128, "Names are at most 128 characters.")
    .superRefine((key, context) => {
      const reason = reservedEnvNameReason(key);
      if (reason) context.addIssue({ code: "custom", message: reason });
    }),
  value: z.string().max(32_768, "Values are at most 32 KiB."),
});

export const setEnvVarProcedure = tenantProcedure
  .meta({ permission: "integrations:manage" })
  .input(ZSetEnvVarRequest)
  .output(ZSetEnvVarResponse)
  .mutation(({ ctx, input }) => setEnvVar({ tenantId: ctx.tenantId, env: ctx.env, ...input }));
