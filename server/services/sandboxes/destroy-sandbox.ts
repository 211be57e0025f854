import { eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { sandboxes } from "../../../db/schema";
import { deleteSandboxPod } from "../../../k8s/sandboxes";
import type { Env } from "../../env.server";
import { AppError } from "../../errors";
import { recordWorkspaceChange } from "../workspace/record-workspace-change";
import { loadSandbox } from "./load-sandbox";

export async function destroySandbox(options: { tenantId: number; sandboxId: number; env: Env }) {
  const { sandbox, clients } = await loadSandbox(options);
  if (sandbox.destroyedAt) throw new AppError("CONFLICT", "This sandbox is already destroyed.");
  if (sandbox.podName && sandbox.namespace) {
    const kube = await clients();
    await deleteSandboxPod(kube, { name: sandbox.podName, namespace: sandbox.namespace });
  }
  await db
    .update(sandboxes)
    .set({ status: "destroyed", destroyedAt: new Date(), updatedAt: new Date() })
    .where(eq(sandboxes.id, sandbox.id));
  await recordWorkspaceChange(db, { tenantId: options.tenantId, kind: "sandbox", subjectId: sandbox.id });
  return { ...sandbox, status: "destroyed" };
}
