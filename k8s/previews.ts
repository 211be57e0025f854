import type { KubeClients } from "./client";
import { previewDeployment, previewIngress, previewService } from "./manifests";
import { deleteIfPresent, ensure, kinds } from "./provision";

/** Makes a preview's Deployment, Service and Ingress (routing every one of `hosts`) match what is asked. */
export async function applyPreview(
  clients: KubeClients,
  input: { namespace: string; tenantSlug: string; name: string; image: string; port: number; hosts: string[] },
) {
  const k = kinds(clients, input.namespace);
  const { image, hosts, port, ...names } = input;
  await ensure(k.deployment, previewDeployment({ ...names, image, port }));
  await ensure(k.service, previewService({ ...names, port }));
  await ensure(k.ingress, previewIngress({ ...names, hosts, port }));
}

/** Removes a preview's Ingress, Service and Deployment; any already gone is skipped. */
export async function deletePreview(clients: KubeClients, input: { namespace: string; name: string }) {
  const { name, namespace } = input;
  await deleteIfPresent(() => clients.networking.deleteNamespacedIngress({ name, namespace }));
  await deleteIfPresent(() => clients.core.deleteNamespacedService({ name, namespace }));
  await deleteIfPresent(() => clients.apps.deleteNamespacedDeployment({ name, namespace }));
}
