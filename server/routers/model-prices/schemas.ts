import { z } from "zod";
import { ZProvider } from "../schemas";

/** A model's price in US dollars per million tokens. */
export const ZModelPrice = z.object({
  id: z.number(),
  provider: ZProvider,
  model: z.string(),
  inputUsdPerMillion: z.number(),
  outputUsdPerMillion: z.number(),
  cacheWriteUsdPerMillion: z.number(),
  cacheReadUsdPerMillion: z.number(),
  updatedAt: z.date(),
});
