import { z } from "zod";
import { listSandboxes } from "../../services/sandboxes/list-sandboxes";
import { tenantProcedure } from "../../trpc/procedures";
import { ZSandbox } from "./schemas";

export const listSandboxesProcedure = tenantProcedure
  .meta({ permission: "workspace:read" })
  .output(z.array(ZSandbox))
  .query(({ ctx }) => listSandboxes({ tenantId: ctx.tenantId }));
