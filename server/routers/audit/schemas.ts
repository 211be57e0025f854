import { z } from "zod";

/** An audit entry with who did it. */
export const ZAuditEntry = z.object({
  id: z.number(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
  requestId: z.string().nullable(),
  createdAt: z.date(),
  actorApiKeyId: z.number().nullable(),
  actor: z.object({ id: z.number(), login: z.string() }).nullable(),
});

export const ZAuditPage = z.object({ items: z.array(ZAuditEntry), nextCursor: z.number().nullable() });
