import { z } from "zod";
import { listTools } from "../../services/tools/list-tools";
import { tenantProcedure } from "../../trpc/procedures";
import { ZTool } from "./schemas";

export const ZListToolsResponse = z.object({
  tools: z.array(ZTool),
  /** The custom tools each provider's runs may call. */
  allowlists: z.object({ claude: z.array(z.string()), codex: z.array(z.string()) }),
});

export const listToolsProcedure = tenantProcedure
  .meta({ permission: "workspace:read" })
  .output(ZListToolsResponse)
  .query(({ ctx }) => listTools({ tenantId: ctx.tenantId }));
