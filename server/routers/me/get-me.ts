import { getMe } from "../../services/me/get-me";
import { tenantProcedure } from "../../trpc/procedures";

export const getMeProcedure = tenantProcedure
  .meta({ permission: "workspace:read" })
  .query(({ ctx }) => getMe({ tenantId: ctx.tenantId, userId: ctx.userId }));
