import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { customInstructions, projects, repositories, tickets } from "../../../db/schema";
import { notFound } from "../../errors";

export type InstructionScope = "tenant" | "project" | "repository" | "ticket";

/** A scope id must name this tenant's project, repository or ticket. */
async function assertScope(tenantId: number, scope: InstructionScope, scopeId: number | null) {
  if (scope === "tenant") return null;
  if (scopeId === null) throw notFound(scope === "repository" ? "Repository" : scope === "project" ? "Project" : "Ticket");
  const table = scope === "project" ? projects : scope === "repository" ? repositories : tickets;
  const [row] = await db
    .select({ id: table.id })
    .from(table)
    .where(and(eq(table.id, scopeId), eq(table.tenantId, tenantId)));
  if (!row) throw notFound(scope === "repository" ? "Repository" : scope === "project" ? "Project" : "Ticket");
  return scopeId;
}

export async function createCustomInstruction(options: {
  tenantId: number;
  scope: InstructionScope;
  scopeId: number | null;
  title: string;
  instructions: string;
  priority: number;
  enabled: boolean;
}) {
  const scopeId = await assertScope(options.tenantId, options.scope, options.scopeId);
  const [row] = await db
    .insert(customInstructions)
    .values({ ...options, scopeId })
    .returning();
  return row!;
}
