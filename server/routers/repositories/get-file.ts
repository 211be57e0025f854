import { z } from "zod";
import { fileContent } from "../../services/repositories/get-file-content";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId, ZPath, ZRef } from "../schemas";

export const ZGetFileRequest = z.object({ repositoryId: ZId, ref: ZRef, path: ZPath });

export const getFileProcedure = tenantProcedure
  .meta({ permission: "workspace:read" })
  .input(ZGetFileRequest)
  .query(({ ctx, input }) => fileContent({ tenantId: ctx.tenantId, env: ctx.env, ...input }));
