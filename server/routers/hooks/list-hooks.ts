import { z } from "zod";
import { listHooks } from "../../services/hooks/list-hooks";
import { tenantProcedure } from "../../trpc/procedures";
import { ZHook } from "./schemas";

export const ZListHooksResponse = z.array(ZHook);

export const listHooksProcedure = tenantProcedure
  .meta({ permission: "integrations:manage" })
  .output(ZListHooksResponse)
  .query(({ ctx }) => listHooks({ tenantId: ctx.tenantId }));
