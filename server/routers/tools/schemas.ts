import { z } from "zod";

/** A custom tool as the settings page shows it; its headers stay on the server. */
export const ZTool = z.object({
  id: z.number(),
  name: z.string(),
  description: z.string(),
  /** JSON Schema of the tool's input. */
  inputSchema: z.record(z.string(), z.unknown()),
  endpointUrl: z.string(),
  httpMethod: z.string(),
  enabled: z.boolean(),
  createdAt: z.date(),
});
