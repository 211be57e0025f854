import { z } from "zod";
import { setAllowlist } from "../../services/tools/set-allowlist";
import { tenantProcedure } from "../../trpc/procedures";
import { ZProvider, ZToolName } from "../schemas";

export const ZSetAllowlistRequest = z.object({ provider: z.enum(["claude", "codex"]), toolNames: z.array(ZToolName).max(50) });

export const ZSetAllowlistResponse = z.object({ provider: ZProvider, toolNames: z.array(z.string()) });

export const setAllowlistProcedure = tenantProcedure
  .meta({ permission: "integrations:manage" })
  .input(ZSetAllowlistRequest)
  .output(ZSetAllowlistResponse)
  .mutation(({ ctx, input }) => setAllowlist({ tenantId: ctx.tenantId, ...input }));
