import { and, desc, eq, isNull } from "drizzle-orm";
import { db } from "../../../db/client";
import { repositories, sandboxes } from "../../../db/schema";
import { sandboxColumns } from "./sandbox-columns";

export async function listSandboxes(options: { tenantId: number; includeDestroyed?: boolean }) {
  return db
    .select(sandboxColumns)
    .from(sandboxes)
    .leftJoin(repositories, eq(repositories.id, sandboxes.repositoryId))
    .where(and(eq(sandboxes.tenantId, options.tenantId), options.includeDestroyed ? undefined : isNull(sandboxes.destroyedAt)))
    .orderBy(desc(sandboxes.id));
}
