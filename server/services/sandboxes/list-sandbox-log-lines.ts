import { and, desc, eq, gt } from "drizzle-orm";
import { db } from "../../../db/client";
import { sandboxLogs } from "../../../db/schema";
import { sandboxPodLogs } from "../../../k8s/sandboxes";
import type { Env } from "../../env.server";
import { sanitizeText } from "../../text/sanitize";
import { loadSandbox } from "./load-sandbox";

/**
 * The sandbox pod's recent log lines; new lines are kept in `sandbox_logs` so
 * the history survives the pod. Returns the lines after `afterId`.
 */
export async function sandboxLogLines(options: { tenantId: number; sandboxId: number; env: Env; afterId?: number }) {
  const { sandbox, clients } = await loadSandbox(options);
  if (!sandbox.destroyedAt && sandbox.podName && sandbox.namespace) {
    try {
      const text = await sandboxPodLogs(await clients(), { name: sandbox.podName, namespace: sandbox.namespace });
      const lines = sanitizeText(text).split("\n").filter(Boolean);
      const known = await db
        .select({ line: sandboxLogs.line })
        .from(sandboxLogs)
        .where(and(eq(sandboxLogs.sandboxId, sandbox.id), eq(sandboxLogs.tenantId, options.tenantId)))
        .orderBy(desc(sandboxLogs.id))
        .limit(500);
      const seen = new Set(known.map((row) => row.line));
      const fresh = lines.filter((line) => !seen.has(line));
      if (fresh.length)
        await db.insert(sandboxLogs).values(fresh.map((line) => ({ tenantId: options.tenantId, sandboxId: sandbox.id, line })));
    } catch {
      // The pod may not have started yet; the stored history is still served.
    }
  }
  const rows = await db
    .select({ id: sandboxLogs.id, line: sandboxLogs.line, stream: sandboxLogs.stream })
    .from(sandboxLogs)
    .where(
      and(
        eq(sandboxLogs.sandboxId, sandbox.id),
        eq(sandboxLogs.tenantId, options.tenantId),
        gt(sandboxLogs.id, options.afterId ?? 0),
      ),
    )
    .orderBy(sandboxLogs.id);
  return { status: sandbox.status, lines: rows };
}
