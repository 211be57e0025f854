// A Deployment's `scale` subresource.
import type http from "node:http";
import { DEPLOYMENTS } from "./apps";
import { Cluster } from "./cluster";
import { badRequest, methodNotAllowed } from "./errors";
import { clone, isObject } from "./objects";
import { applyPatch } from "./patch";
import { contentTypeOf, sendJson } from "./routes";
import type { KubeObject } from "./types";

/** A Deployment's `scale` subresource (kubectl scale, HPAs): an autoscaling/v1 Scale view of spec.replicas. */
function scaleOf(deployment: KubeObject): KubeObject {
  const { name, namespace, uid, resourceVersion, creationTimestamp } = deployment.metadata;
  const matchLabels: Record<string, string> = deployment.spec.selector?.matchLabels ?? {};
  return {
    kind: "Scale",
    apiVersion: "autoscaling/v1",
    metadata: { name, namespace, uid, resourceVersion, creationTimestamp },
    spec: { replicas: deployment.spec.replicas },
    status: {
      replicas: deployment.status?.replicas ?? 0,
      selector: Object.entries(matchLabels)
        .map(([key, value]) => `${key}=${value}`)
        .join(","),
    },
  };
}

export function handleScale(
  cluster: Cluster,
  namespace: string,
  name: string,
  method: string,
  body: unknown,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  dryRun: boolean,
): void {
  const deployment = cluster.mustFind(DEPLOYMENTS, namespace, name);
  if (method === "GET") return sendJson(res, 200, scaleOf(deployment));
  if (method !== "PUT" && method !== "PATCH") throw methodNotAllowed(method);
  const scale = method === "PUT" ? body : applyPatch(scaleOf(deployment), contentTypeOf(req), body);
  if (!isObject(scale)) throw badRequest("the body of the request must be a Scale object");
  const next = clone(deployment);
  next.spec.replicas = scale.spec?.replicas;
  // The Scale's resourceVersion is the deployment's, so a stale one conflicts as usual.
  next.metadata.resourceVersion = isObject(scale.metadata) ? scale.metadata.resourceVersion : undefined;
  sendJson(res, 200, scaleOf(cluster.update(DEPLOYMENTS, namespace, name, next, undefined, dryRun)));
}
