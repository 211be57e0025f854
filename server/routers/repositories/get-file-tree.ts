import { z } from "zod";
import { fileTree } from "../../services/repositories/get-file-tree";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId, ZRef } from "../schemas";

export const ZGetFileTreeRequest = z.object({ repositoryId: ZId, ref: ZRef });

export const getFileTreeProcedure = tenantProcedure
  .meta({ permission: "workspace:read" })
  .input(ZGetFileTreeRequest)
  .query(({ ctx, input }) => fileTree({ tenantId: ctx.tenantId, env: ctx.env, ...input }));
