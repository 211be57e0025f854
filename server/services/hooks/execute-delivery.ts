import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { hookDeliveries, hooks } from "../../../db/schema";
import { commandEnvironment, runCommand } from "../../harness/tools/run-command";
import { getKeyring } from "../../crypto/secrets";
import { sha256Signature } from "../../crypto/signature";
import type { Env } from "../../env.server";
import { sendOutbound } from "../../net/send-outbound";
import { getOutboundPolicy } from "../outbound/get-outbound-policy";

/** What an attempt got back: the HTTP status or the script's exit code, and the start of the answer. */
export type DeliveryResponse = { responseStatus: number | null; responseBodyExcerpt: string };

/**
 * Sends one delivery: a webhook POSTs the signed JSON body; a script runs with
 * the payload on stdin, a clean environment (none of the app's secrets) and the
 * hook's time limit. `record` stores what came back before a failure throws.
 */
export async function executeDelivery(options: {
  tenantId: number;
  env: Env;
  hook: typeof hooks.$inferSelect;
  delivery: typeof hookDeliveries.$inferSelect;
  body: string;
  record: (response: DeliveryResponse) => Promise<void>;
}) {
  const { hook, delivery, body } = options;
  if (hook.kind === "webhook") {
    const secret = getKeyring(options.env).open({ ciphertext: hook.secretCiphertext!, keyId: hook.secretKeyId! });
    const response = await sendOutbound({
      url: hook.targetUrl!,
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "AssemblyLime-Hooks/1",
        "x-assembly-lime-event": delivery.event,
        "x-assembly-lime-delivery": String(delivery.id),
        "x-assembly-lime-signature-256": sha256Signature(secret, body),
      },
      body,
      timeoutMs: hook.timeoutSeconds * 1000,
      policy: await getOutboundPolicy({ tenantId: options.tenantId, env: options.env }),
      maxResponseChars: 500,
    });
    await options.record({ responseStatus: response.status, responseBodyExcerpt: response.text });
    if (!response.ok) throw new Error(`The hook answered ${response.status}.`);
  } else {
    const dir = await mkdtemp(path.join(os.tmpdir(), "al-hook-"));
    try {
      const result = await runCommand({
        command: `printf '%s' "$HOOK_PAYLOAD" | ( ${hook.script} )`,
        cwd: dir,
        timeoutMs: hook.timeoutSeconds * 1000,
        env: commandEnvironment(dir, { HOOK_EVENT: delivery.event, HOOK_PAYLOAD: body }),
      });
      await options.record({ responseStatus: result.exitCode, responseBodyExcerpt: result.output.slice(0, 500) });
      if (result.timedOut) throw new Error(`The script timed out after ${hook.timeoutSeconds} s.`);
      if (result.exitCode !== 0) throw new Error(`The script exited with ${result.exitCode}.`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}
