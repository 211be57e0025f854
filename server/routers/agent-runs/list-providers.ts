import { z } from "zod";
import { providerOptions } from "../../services/agent-runs/provider-options";
import { tenantProcedure } from "../../trpc/procedures";
import { ZMode, ZProvider } from "../schemas";

export const ZListProvidersResponse = z.object({
  providers: z.array(
    z.object({
      id: ZProvider,
      label: z.string(),
      configured: z.boolean(),
      models: z.array(z.object({ id: z.string(), label: z.string() })),
    }),
  ),
  modes: z.array(ZMode),
});

export const listProvidersProcedure = tenantProcedure
  .meta({ permission: "workspace:read" })
  .output(ZListProvidersResponse)
  .query(() => ({ providers: providerOptions(), modes: ZMode.options }));
