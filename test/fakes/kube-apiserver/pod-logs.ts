// Pod logs, whole, tailed or followed.
import type http from "node:http";
import { Cluster } from "./cluster";
import { PODS } from "./core";
import { badRequest } from "./errors";
import { isTrue } from "./routes";
import type { KubeObject } from "./types";

/** Pod logs as text/plain; `follow` keeps the response open until the pod stops or is deleted. */
export function handleLog(
  cluster: Cluster,
  namespace: string,
  podName: string,
  query: URLSearchParams,
  res: http.ServerResponse,
): void {
  const pod = cluster.mustFind(PODS, namespace, podName);
  const containers: string[] = (pod.spec?.containers ?? []).map((container: KubeObject) => container.name);
  const container = query.get("container") || (containers.length === 1 ? containers[0] : undefined);
  if (!container)
    throw badRequest(`a container name must be specified for pod ${podName}, choose one of: [${containers.join(" ")}]`);
  if (!containers.includes(container)) throw badRequest(`container ${container} is not valid for pod ${podName}`);
  // Like the kubelet: nothing to read until the container has started.
  if (pod.status?.phase === "Pending")
    throw badRequest(`container "${container}" in pod "${podName}" is waiting to start: ContainerCreating`);

  let text = cluster.podLog(namespace, podName);
  const tailLines = query.get("tailLines");
  if (tailLines !== null) text = tail(text, Number(tailLines));
  const limitBytes = Number(query.get("limitBytes") ?? 0);
  if (limitBytes > 0) text = Buffer.from(text).subarray(0, limitBytes).toString("utf8");

  res.writeHead(200, { "Content-Type": "text/plain", "Cache-Control": "no-cache, private" });
  const finished = pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed";
  if (!isTrue(query.get("follow")) || finished) {
    res.end(text);
    return;
  }
  res.flushHeaders();
  if (text !== "") res.write(text);
  cluster.followLogs(namespace, podName, res);
}

function tail(text: string, lines: number): string {
  if (!(lines >= 0)) return text;
  const trailingNewline = text.endsWith("\n");
  const all = (trailingNewline ? text.slice(0, -1) : text).split("\n");
  if (text === "" || lines === 0) return "";
  return all.slice(-lines).join("\n") + (trailingNewline ? "\n" : "");
}
