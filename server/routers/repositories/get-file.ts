import { z } from "zod";
import { fileContent } from "../../services/repositories/get-file-content";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId, ZPath, ZRef } from "../schemas";

export const ZGetFileRequest = z.object({ repositoryId: ZId, ref: ZRef, path: ZPath });

/** A file's text, or why it has none (binary, too large). */
export const ZGetFileResponse = z.union([
  z.object({ path: z.string(), ref: z.string(), size: z.number(), text: z.string(), reason: z.null() }),
  z.object({ path: z.string(), ref: z.string(), size: z.number(), text: z.null(), reason: z.enum(["binary", "too large"]) }),
]);

export const getFileProcedure = tenantProcedure
  .meta({ permission: "workspace:read" })
  .input(ZGetFileRequest)
  .output(ZGetFileResponse)
  .query(({ ctx, input }) => fileContent({ tenantId: ctx.tenantId, env: ctx.env, ...input }));
