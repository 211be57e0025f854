import { z } from "zod";

export const ZAllowedHost = z.object({ id: z.number(), host: z.string(), createdAt: z.date() });
