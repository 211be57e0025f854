import { z } from "zod";

/** A custom domain and the TXT record that proves it is the tenant's. */
export const ZDomain = z.object({
  id: z.number(),
  domain: z.string(),
  status: z.enum(["pending", "verified"]),
  verificationToken: z.string(),
  verifiedAt: z.date().nullable(),
  previewId: z.number().nullable(),
  host: z.string().nullable(),
  challenge: z.object({ type: z.literal("TXT"), name: z.string(), value: z.string() }),
});

/** A domain after a check of its TXT record: `problem` says what was wrong, null when it verified. */
export const ZVerifiedDomain = ZDomain.extend({ problem: z.string().nullable() });
