import { z } from "zod";
import { type Tool } from "../../harness/tools";
import { getKeyring } from "../../crypto/secrets";
import type { Env } from "../../env.server";
import { OutboundRefusedError } from "../../net/outbound-policy";
import { sendOutbound } from "../../net/send-outbound";
import { getOutboundPolicy } from "../outbound/get-outbound-policy";
import { toolsAndAllowlists } from "./tools-and-allowlists";

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
