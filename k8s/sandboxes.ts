import type { KubeClients } from "./client";
import { gitCredentialSecret, sandboxPod, type SandboxPodInput } from "./manifests";
import { deleteIfPresent, ensure, kinds } from "./provision";

type SandboxPodRef = { namespace: string; name: string };

/** Puts the connector's token in its Secret (when a repository is cloned with one), then creates the sandbox pod. */
export async function launchSandboxPod(clients: KubeClients, input: SandboxPodInput & { gitToken?: string }) {
  const { gitToken, ...podInput } = input;
  if (gitToken !== undefined && input.connectorId !== undefined)
    await ensure(
      kinds(clients, input.namespace).secret,
      gitCredentialSecret({
        namespace: input.namespace,
        tenantSlug: input.tenantSlug,
        connectorId: input.connectorId,
        token: gitToken,
      }),
    );
  return clients.core.createNamespacedPod({ namespace: input.namespace, body: sandboxPod(podInput) });
}

export async function readSandboxPod(clients: KubeClients, pod: SandboxPodRef) {
  return clients.core.readNamespacedPod(pod);
}

/** Deletes the sandbox pod, treating "already gone" as done. */
export async function deleteSandboxPod(clients: KubeClients, pod: SandboxPodRef) {
  return deleteIfPresent(() => clients.core.deleteNamespacedPod(pod));
}

/** The last 500 lines the sandbox container wrote. */
export async function sandboxPodLogs(clients: KubeClients, pod: SandboxPodRef) {
  const text = await clients.core.readNamespacedPodLog({ ...pod, container: "sandbox", tailLines: 500 });
  return String(text ?? "");
}
