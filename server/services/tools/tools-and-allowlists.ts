import { asc, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { defaultAgentTools, toolDefinitions } from "../../../db/schema";
import { toolColumns } from "./tool-columns";

export async function toolsAndAllowlists(tenantId: number) {
  const [tools, allow] = await Promise.all([
    db
      .select({
        ...toolColumns,
        headersCiphertext: toolDefinitions.headersCiphertext,
        headersKeyId: toolDefinitions.headersKeyId,
      })
      .from(toolDefinitions)
      .where(eq(toolDefinitions.tenantId, tenantId))
      .orderBy(asc(toolDefinitions.name)),
    db
      .select({ provider: defaultAgentTools.provider, toolName: defaultAgentTools.toolName, enabled: defaultAgentTools.enabled })
      .from(defaultAgentTools)
      .where(eq(defaultAgentTools.tenantId, tenantId)),
  ]);
  return {
    tools,
    allowlists: {
      claude: allow.filter((row) => row.provider === "claude" && row.enabled).map((row) => row.toolName),
      codex: allow.filter((row) => row.provider === "codex" && row.enabled).map((row) => row.toolName),
    },
  };
}
