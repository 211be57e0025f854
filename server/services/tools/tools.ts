import { and, asc, eq, notInArray } from "drizzle-orm";
import { z } from "zod";
import { db } from "../../../db/client";
import { defaultAgentTools, toolDefinitions } from "../../../db/schema";
import { BUILT_IN_TOOL_NAMES, type Tool } from "../../harness/tools";
import { getKeyring } from "../../crypto/secrets";
import type { Env } from "../../env.server";
import { AppError, notFound } from "../../errors";
import { OutboundRefusedError } from "../../net/outbound-policy";
import { sendOutbound } from "../../net/send-outbound";
import { checkOutboundUrl } from "../outbound/check-outbound-url";
import { getOutboundPolicy } from "../outbound/get-outbound-policy";

const BUILT_IN = new Set<string>(BUILT_IN_TOOL_NAMES);
const columns = {
  id: toolDefinitions.id,
  name: toolDefinitions.name,
  description: toolDefinitions.description,
  inputSchema: toolDefinitions.inputSchema,
  endpointUrl: toolDefinitions.endpointUrl,
  httpMethod: toolDefinitions.httpMethod,
  enabled: toolDefinitions.enabled,
  createdAt: toolDefinitions.createdAt,
};

function checkTool(input: { name?: string; endpointUrl?: string; inputSchema?: Record<string, unknown> }) {
  if (input.name !== undefined && BUILT_IN.has(input.name)) throw new AppError("CONFLICT", `"${input.name}" is a built-in tool.`);
  if (input.endpointUrl !== undefined) {
    const url = new URL(input.endpointUrl);
    if (!["https:", "http:"].includes(url.protocol)) throw new AppError("BAD_REQUEST", "Tool endpoints are http(s) URLs.");
  }
  if (input.inputSchema !== undefined && input.inputSchema.type !== "object")
    throw new AppError("BAD_REQUEST", 'A tool\'s input schema must be a JSON Schema with "type": "object".');
}

export async function listTools(options: { tenantId: number }) {
  const { tools, allowlists } = await toolsAndAllowlists(options.tenantId);
  // The sealed headers never leave the server.
  return { tools: tools.map(({ headersCiphertext: _sealed, headersKeyId: _keyId, ...tool }) => tool), allowlists };
}

async function toolsAndAllowlists(tenantId: number) {
  const [tools, allow] = await Promise.all([
    db
      .select({ ...columns, headersCiphertext: toolDefinitions.headersCiphertext, headersKeyId: toolDefinitions.headersKeyId })
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

export async function createTool(options: {
  tenantId: number;
  userId: number;
  env: Env;
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
  endpointUrl: string;
  httpMethod: "POST" | "PUT";
  headers?: Record<string, string>;
}) {
  checkTool(options);
  await checkOutboundUrl({ tenantId: options.tenantId, env: options.env, url: options.endpointUrl, field: "endpointUrl" });
  const sealed =
    options.headers && Object.keys(options.headers).length ? getKeyring(options.env).seal(JSON.stringify(options.headers)) : null;
  const [row] = await db
    .insert(toolDefinitions)
    .values({
      tenantId: options.tenantId,
      name: options.name,
      description: options.description,
      inputSchema: options.inputSchema,
      endpointUrl: options.endpointUrl,
      httpMethod: options.httpMethod,
      headersCiphertext: sealed?.ciphertext ?? null,
      headersKeyId: sealed?.keyId ?? null,
      createdBy: options.userId,
    })
    .onConflictDoNothing()
    .returning(columns);
  if (!row) throw new AppError("CONFLICT", `A tool named "${options.name}" exists.`);
  return row;
}

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
    .returning(columns);
  if (!row) throw notFound("Tool");
  return row;
}

export async function deleteTool(options: { tenantId: number; toolId: number }) {
  const rows = await db
    .delete(toolDefinitions)
    .where(and(eq(toolDefinitions.id, options.toolId), eq(toolDefinitions.tenantId, options.tenantId)))
    .returning({ id: toolDefinitions.id });
  if (!rows.length) throw notFound("Tool");
  return { id: options.toolId };
}

/**
 * The custom tools a provider offers (replaces its allowlist). An empty list offers every enabled custom tool.
 * Only names leaving the list are deleted and the rest inserted if missing, so identical concurrent calls
 * all succeed instead of racing each other's inserts into the unique index.
 */
export async function setAllowlist(options: { tenantId: number; provider: "claude" | "codex"; toolNames: string[] }) {
  const toolNames = [...new Set(options.toolNames)];
  await db.transaction(async (tx) => {
    await tx
      .delete(defaultAgentTools)
      .where(
        and(
          eq(defaultAgentTools.tenantId, options.tenantId),
          eq(defaultAgentTools.provider, options.provider),
          toolNames.length ? notInArray(defaultAgentTools.toolName, toolNames) : undefined,
        ),
      );
    if (toolNames.length)
      await tx
        .insert(defaultAgentTools)
        .values(toolNames.map((toolName) => ({ tenantId: options.tenantId, provider: options.provider, toolName })))
        .onConflictDoNothing();
  });
  return { provider: options.provider, toolNames: options.toolNames };
}

const MAX_RESPONSE = 20_000;

/**
 * The tenant's custom tools for a run: enabled ones in the provider's
 * allowlist (all enabled ones when it is empty). Calling one sends the input
 * as JSON to its endpoint and returns the response text to the model.
 */
export async function customToolsFor(options: {
  tenantId: number;
  provider: "claude" | "codex";
  env: Env;
}): Promise<Tool<unknown>[]> {
  const { tools, allowlists } = await toolsAndAllowlists(options.tenantId);
  const allowed = allowlists[options.provider];
  const chosen = tools.filter((tool) => tool.enabled && (allowed.length === 0 || allowed.includes(tool.name)));
  const policy = await getOutboundPolicy({ tenantId: options.tenantId, env: options.env });
  return chosen.map((tool) => {
    const headers = tool.headersCiphertext
      ? (JSON.parse(getKeyring(options.env).open({ ciphertext: tool.headersCiphertext, keyId: tool.headersKeyId! })) as Record<
          string,
          string
        >)
      : {};
    return {
      name: tool.name,
      description: tool.description,
      input: z.record(z.string(), z.unknown()),
      jsonSchema: tool.inputSchema,
      writes: false,
      async run(input: unknown) {
        try {
          const response = await sendOutbound({
            url: tool.endpointUrl,
            method: tool.httpMethod,
            headers: { "content-type": "application/json", "user-agent": "AssemblyLime-Tools/1", ...headers },
            body: JSON.stringify(input ?? {}),
            timeoutMs: 30_000,
            policy,
            maxResponseChars: MAX_RESPONSE,
          });
          return {
            content: response.ok ? response.text : `The tool's endpoint answered ${response.status}: ${response.text}`,
            isError: !response.ok,
          };
        } catch (error) {
          if (error instanceof OutboundRefusedError) return { content: error.message, isError: true };
          throw error;
        }
      },
    } as Tool<unknown>;
  });
}
