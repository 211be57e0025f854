import { z } from "zod";

/** An API key as its list shows it; its hash stays on the server. */
export const ZApiKey = z.object({
  id: z.number(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.string()),
  lastUsedAt: z.date().nullable(),
  expiresAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
  createdAt: z.date(),
  owner: z.string(),
});

/** A new key, with the key itself: this answer is the only place it ever appears. */
export const ZCreatedApiKey = z.object({
  key: z.string(),
  ...ZApiKey.pick({ id: true, name: true, prefix: true, scopes: true, expiresAt: true, createdAt: true }).shape,
});

export const ZRevokedApiKey = ZApiKey.pick({ id: true, revokedAt: true });
