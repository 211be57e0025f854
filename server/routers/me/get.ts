import { tenantProcedure } from "../../trpc/procedures";
import { getMe } from "../../services/me/get-me";

export const getMeProcedure = tenantProcedure.query(({ ctx }) => getMe({ tenantId: ctx.tenantId, userId: ctx.userId }));
