import { z } from "zod";
import { fileTree } from "../../services/repositories/get-file-tree";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId, ZRef } from "../schemas";

export const ZGetFileTreeRequest = z.object({ repositoryId: ZId, ref: ZRef });

export const ZGetFileTreeResponse = z.object({
  ref: z.string(),
  entries: z.array(z.object({ path: z.string(), type: z.enum(["file", "dir"]), size: z.number().nullable() })),
  /** GitHub cut the listing short. */
  truncated: z.boolean(),
});

export const getFileTreeProcedure = tenantProcedure
  .meta({ permission: "workspace:read" })
  .input(ZGetFileTreeRequest)
  .output(ZGetFileTreeResponse)
  .query(({ ctx, input }) => fileTree({ tenantId: ctx.tenantId, env: ctx.env, ...input }));
