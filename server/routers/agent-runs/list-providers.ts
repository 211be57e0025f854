import { providerOptions } from "../../services/agent-runs/provider-options";
import { tenantProcedure } from "../../trpc/procedures";
import { ZMode } from "../schemas";

export const listProvidersProcedure = tenantProcedure
  .meta({ permission: "workspace:read" })
  .query(() => ({ providers: providerOptions(), modes: ZMode.options }));
