import { db } from "../../../db/client";
import { toolDefinitions } from "../../../db/schema";
import { getKeyring } from "../../crypto/secrets";
import type { Env } from "../../env.server";
import { AppError } from "../../errors";
import { checkOutboundUrl } from "../outbound/check-outbound-url";
import { checkTool } from "./check-tool";
import { toolColumns } from "./tool-columns";

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
    .returning(toolColumns);
  if (!row) throw new AppError("CONFLICT", `A tool named "${options.name}" exists.`);
  return row;
}
