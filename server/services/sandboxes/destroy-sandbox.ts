import { eq } from "drizzle-orm";
import { db, inTransaction, type Commit } from "../../../db/client";
import { sandboxes } from "../../../db/schema";
import { deleteSandboxPod } from "../../../k8s/sandboxes";
import type { Env } from "../../env.server";
import { AppError } from "../../errors";
import { recordWorkspaceChange } from "../workspace/record-workspace-change";
import { loadSandbox } from "./load-sandbox";

/** Deletes a sandbox's pod (outside any transaction), then marks it destroyed in `commit`. */
export async function destroySandbox(options: { tenantId: number; sandboxId: number; env: Env; commit?: Commit }) {
  const { sandbox, clients } = await loadSandbox(options);
  if (sandbox.destroyedAt) throw new AppError("CONFLICT", "This sandbox is already destroyed.");
  if (sandbox.podName && sandbox.namespace) {
    const kube = await clients();
    await deleteSandboxPod(kube, { name: sandbox.podName, namespace: sandbox.namespace });
  }
  return (options.commit ?? inTransaction)(async () => {
    await db
      .update(sandboxes)
      .set({ status: "destroyed", destroyedAt: new Date(), updatedAt: new Date() })
      .where(eq(sandboxes.id, sandbox.id));
    await recordWorkspaceChange(db, { tenantId: options.tenantId, kind: "sandbox", subjectId: sandbox.id });
    return { ...sandbox, status: "destroyed" };
  });
}
