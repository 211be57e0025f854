import { and, asc, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { customInstructions, defaultAgentInstructions, projects, repositories, tickets } from "../../../db/schema";
import { notFound } from "../../errors";

export type InstructionScope = "tenant" | "project" | "repository" | "ticket";

/** The tenant's instruction layers: per-provider defaults and scoped custom instructions. */
export async function listInstructions(options: { tenantId: number }) {
  const [defaults, custom] = await Promise.all([
    db
      .select({
        provider: defaultAgentInstructions.provider,
        instructions: defaultAgentInstructions.instructions,
        updatedAt: defaultAgentInstructions.updatedAt,
      })
      .from(defaultAgentInstructions)
      .where(eq(defaultAgentInstructions.tenantId, options.tenantId))
      .orderBy(asc(defaultAgentInstructions.provider)),
    db
      .select({
        id: customInstructions.id,
        scope: customInstructions.scope,
        scopeId: customInstructions.scopeId,
        title: customInstructions.title,
        instructions: customInstructions.instructions,
        priority: customInstructions.priority,
        enabled: customInstructions.enabled,
        updatedAt: customInstructions.updatedAt,
      })
      .from(customInstructions)
      .where(eq(customInstructions.tenantId, options.tenantId))
      .orderBy(asc(customInstructions.scope), asc(customInstructions.id)),
  ]);
  return { defaults, custom };
}

/** Sets (or clears, with empty text) a provider's default instructions. */
export async function setDefaultInstructions(options: { tenantId: number; provider: "claude" | "codex"; instructions: string }) {
  if (!options.instructions.trim()) {
    await db
      .delete(defaultAgentInstructions)
      .where(
        and(eq(defaultAgentInstructions.tenantId, options.tenantId), eq(defaultAgentInstructions.provider, options.provider)),
      );
    return null;
  }
  const [row] = await db
    .insert(defaultAgentInstructions)
    .values({ tenantId: options.tenantId, provider: options.provider, instructions: options.instructions })
    .onConflictDoUpdate({
      target: [defaultAgentInstructions.tenantId, defaultAgentInstructions.provider],
      set: { instructions: options.instructions, updatedAt: new Date() },
    })
    .returning();
  return row!;
}

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

export async function updateCustomInstruction(options: {
  tenantId: number;
  id: number;
  title?: string;
  instructions?: string;
  priority?: number;
  enabled?: boolean;
}) {
  const { tenantId, id, ...changes } = options;
  const [row] = await db
    .update(customInstructions)
    .set({ ...changes, updatedAt: new Date() })
    .where(and(eq(customInstructions.id, id), eq(customInstructions.tenantId, tenantId)))
    .returning();
  if (!row) throw notFound("Instruction");
  return row;
}

export async function deleteCustomInstruction(options: { tenantId: number; id: number }) {
  const rows = await db
    .delete(customInstructions)
    .where(and(eq(customInstructions.id, options.id), eq(customInstructions.tenantId, options.tenantId)))
    .returning({ id: customInstructions.id });
  if (rows.length === 0) throw notFound("Instruction");
  return { id: options.id };
}
