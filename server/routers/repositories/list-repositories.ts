import { z } from "zod";
import { listRepositories } from "../../services/repositories/list-repositories";
import { tenantProcedure } from "../../trpc/procedures";
import { ZRepository } from "./schemas";

export const ZListRepositoriesResponse = z.array(
  ZRepository.extend({
    connectorName: z.string(),
    connectorStatus: z.enum(["active", "revoked", "invalid"]),
    aliases: z.array(z.string()),
  }),
);

export const listRepositoriesProcedure = tenantProcedure
  .meta({ permission: "workspace:read" })
  .output(ZListRepositoriesResponse)
  .query(({ ctx }) => listRepositories({ tenantId: ctx.tenantId }));
