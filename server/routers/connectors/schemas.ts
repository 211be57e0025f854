import { z } from "zod";

/** A connector as the app shows it; its token stays on the server. */
export const ZConnector = z.object({
  id: z.number(),
  provider: z.literal("github"),
  kind: z.enum(["oauth", "pat"]),
  name: z.string(),
  accountLogin: z.string().nullable(),
  scopes: z.array(z.string()),
  status: z.enum(["revoked", "active", "invalid"]),
  revokedAt: z.date().nullable(),
  createdAt: z.date(),
});

/** A revoked connector, and whether each cluster's copy of its token was deleted. */
export const ZRevokedConnector = ZConnector.extend({
  secrets: z.array(z.object({ clusterId: z.number(), deleted: z.boolean(), error: z.string().optional() })),
});

/** A page of the repositories a connector reaches, marked when already imported. */
export const ZConnectorRepositoryPage = z.object({
  items: z.array(
    z.object({
      importedId: z.number().nullable(),
      fullName: z.string(),
      owner: z.string(),
      name: z.string(),
      isPrivate: z.boolean(),
      defaultBranch: z.string(),
      description: z.string().nullable(),
    }),
  ),
  hasNextPage: z.boolean(),
});
