import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { toolDefinitions } from "../../../db/schema";
import type { Env } from "../../env.server";
import { notFound } from "../../errors";
import { checkOutboundUrl } from "../outbound/check-outbound-url";
import { checkTool } from "./check-tool";
import { toolColumns } from "./tool-columns";

export async function updateTool(options: {
  tenantId: number;
  env: Env;
  toolId: number;
  description?: string;
  endpointUrl?: string;
  enabled?: boolean;
}) {
  const { tenantId, toolId, env, ...changes } = options;
  checkTool(changes);
  if (changes.endpointUrl !== undefined)
    await checkOutboundUrl({ tenantId, env, url: changes.endpointUrl, field: "endpointUrl" });
  const [row] = await db
    .update(toolDefinitions)
    .set({ ...changes, updatedAt: new Date() })
    .where(and(eq(toolDefinitions.id, toolId), eq(toolDefinitions.tenantId, tenantId)))
    .returning(toolColumns);
  if (!row) throw notFound("Tool");
  return row;
}
