import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { domains, previewDeployments } from "../../../db/schema";
import { kubeErrorMessage } from "../../../k8s/client";
import { applyPreview } from "../../../k8s/previews";
import type { Env } from "../../env.server";
import { recordWorkspaceChange } from "../workspace/record-workspace-change";
import { getPreview } from "./get-preview";
import { previewContext } from "./preview-context";

const PORT = 3000;

/** The deploy job: Deployment, Service and Ingress (the preview host plus its verified custom domains), then the row says where it is. */
export async function deployPreview(options: { tenantId: number; previewId: number; env: Env }) {
  const context = await previewContext(options);
  const { preview, repo, namespace, name, clients, slug } = context;
  const image = options.env.PREVIEW_IMAGE_TEMPLATE.replace("{owner}", repo?.owner ?? "")
    .replace("{repo}", repo?.name ?? "")
    .replace("{branch}", preview.branch.replace(/[^A-Za-z0-9_.-]/g, "-"));
  // Only a proven domain is routed: a pending claim could name anybody's host.
  const custom = await db
    .select({ domain: domains.domain })
    .from(domains)
    .where(
      and(eq(domains.tenantId, options.tenantId), eq(domains.previewDeploymentId, preview.id), eq(domains.status, "verified")),
    );
  const hosts = [preview.host, ...custom.map((row) => row.domain)];
  const input = { namespace, tenantSlug: slug, name };
  try {
    await applyPreview(clients, { ...input, image, hosts, port: PORT });
    await db
      .update(previewDeployments)
      .set({
        status: "ready",
        deploymentName: name,
        namespace,
        url: `http://${preview.host}`,
        error: null,
        updatedAt: new Date(),
      })
      .where(eq(previewDeployments.id, preview.id));
  } catch (error) {
    await db
      .update(previewDeployments)
      .set({ status: "error", error: kubeErrorMessage(error), updatedAt: new Date() })
      .where(eq(previewDeployments.id, preview.id));
  }
  await recordWorkspaceChange(db, { tenantId: options.tenantId, kind: "preview", subjectId: preview.id });
  return getPreview(options);
}
