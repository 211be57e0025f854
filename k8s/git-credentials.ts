import type { KubeClients } from "./client";
import { gitCredentialSecretName } from "./manifests";
import { deleteIfPresent } from "./provision";

/** Deletes a connector's git credential Secret from a namespace; false when it was not there. */
export async function deleteGitCredentialSecret(clients: KubeClients, namespace: string, connectorId: number) {
  return deleteIfPresent(() => clients.core.deleteNamespacedSecret({ name: gitCredentialSecretName(connectorId), namespace }));
}
