// The REST routes: authentication, resource paths, the verbs, lists and their pages.
import type http from "node:http";
import type { V1PolicyRule } from "@kubernetes/client-node";
import { DEPLOYMENTS } from "./apps";
import { allows, callOf, forbiddenCall } from "./authorization";
import { Cluster, type DeleteOptions } from "./cluster";
import { PODS } from "./core";
import { discoveryDocument, VERSION_INFO } from "./discovery";
import { badRequest, KubeError, methodNotAllowed, pathNotFound } from "./errors";
import { clone, isObject } from "./objects";
import { handleLog } from "./pod-logs";
import { apiVersionOf, type ResourceType } from "./resource-type";
import { findResource } from "./resources";
import { handleScale } from "./scale";
import { filterFor } from "./selectors";
import type { KubeCall, KubeObject } from "./types";
import { handleWatch } from "./watch";

export function sendJson(res: http.ServerResponse, code: number, body: unknown): void {
  res.writeHead(code, { "Content-Type": "application/json", "Cache-Control": "no-cache, private" });
  res.end(JSON.stringify(body));
}

export function sendError(res: http.ServerResponse, error: unknown): void {
  const kubeError =
    error instanceof KubeError
      ? error
      : new KubeError(500, "InternalError", `Internal error occurred: ${error instanceof Error ? error.message : String(error)}`);
  if (res.headersSent) res.end();
  else sendJson(res, kubeError.code, kubeError.toStatus());
}

async function readBody(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw badRequest(`the request body is not valid JSON: ${(error as Error).message}`);
  }
}

export const isTrue = (value: string | null) => value === "true" || value === "1";

const PUBLIC_PATHS = new Set(["/healthz", "/livez", "/readyz"]);

export async function handleRequest(
  cluster: Cluster,
  auth: {
    token: string;
    adminToken: string;
    allowAnonymous: boolean;
    /** The app's rules when it is authorized; undefined lets it do anything. */
    rules: V1PolicyRule[] | undefined;
    onCall(call: KubeCall & { allowed: boolean }): void;
  },
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
): Promise<void> {
  // The client asks for "/version/", "/api/", "/apis/batch/v1/": trailing slashes do not matter.
  const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, "") : url.pathname;
  // Health endpoints are open to anonymous callers, as on a default cluster; everything else wants the token.
  if (PUBLIC_PATHS.has(path)) {
    res.writeHead(200, { "Content-Type": "text/plain; charset=utf-8" });
    res.end("ok");
    return;
  }
  const credentials = req.headers.authorization;
  const anonymous = credentials === undefined && auth.allowAnonymous;
  const app = credentials === `Bearer ${auth.token}`;
  if (!anonymous && !app && credentials !== `Bearer ${auth.adminToken}`)
    throw new KubeError(401, "Unauthorized", "Unauthorized");
  const method = req.method ?? "GET";
  const body = method === "GET" ? undefined : await readBody(req);

  if (path === "/version") return sendJson(res, 200, VERSION_INFO);
  const discovery = discoveryDocument(path, req.headers.host ?? "127.0.0.1");
  if (discovery) return sendJson(res, 200, discovery);

  const target = parseResourcePath(path);
  if (!target) throw pathNotFound();
  const query = url.searchParams;
  if (app) {
    const call = callOf(target, method, query);
    if (call) {
      const allowed = auth.rules === undefined || allows(auth.rules, call);
      auth.onCall({ ...call, allowed });
      if (!allowed) throw forbiddenCall(target, call);
    }
  }
  if (target.watch) query.set("watch", "true");
  await dispatch(cluster, target, method, query, body, req, res);
}

export type Target = { rt: ResourceType; namespace: string | null; name?: string; subresource?: string; watch: boolean };

/** `/api/v1/...` or `/apis/{group}/{version}/...`, then `[namespaces/{ns}/]{plural}[/{name}[/{subresource}]]`. */
function parseResourcePath(path: string): Target | undefined {
  const segments = path.split("/").filter(Boolean).map(decodeURIComponent);
  let group = "";
  let rest: string[];
  if (segments[0] === "api" && segments[1] === "v1") rest = segments.slice(2);
  else if (segments[0] === "apis" && segments.length >= 4) {
    group = segments[1] ?? "";
    rest = segments.slice(3);
  } else return undefined;
  const version = segments[0] === "api" ? "v1" : (segments[2] ?? "");
  // The deprecated `/watch/` path prefix means the same as ?watch=true.
  const watch = rest[0] === "watch";
  if (watch) rest = rest.slice(1);

  const namespacedRt = rest[0] === "namespaces" && rest.length >= 3 ? findResource(group, version, rest[2] ?? "") : undefined;
  if (namespacedRt?.namespaced) {
    if (rest.length > 5) return undefined;
    return { rt: namespacedRt, namespace: rest[1] ?? "", name: rest[3], subresource: rest[4], watch };
  }
  const rt = findResource(group, version, rest[0] ?? "");
  if (!rt || rest.length > 3) return undefined;
  // A namespaced resource without a namespace can only be listed or watched across namespaces.
  if (rt.namespaced && rest.length > 1) return undefined;
  return { rt, namespace: null, name: rest[1], subresource: rest[2], watch };
}

async function dispatch(
  cluster: Cluster,
  target: Target,
  method: string,
  query: URLSearchParams,
  body: unknown,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  const { rt, namespace, name, subresource } = target;
  const dryRun = query.get("dryRun") === "All";
  if (name === undefined) {
    if (method === "GET")
      return isTrue(query.get("watch"))
        ? handleWatch(cluster, target, query, res)
        : sendJson(res, 200, listResponse(cluster, target, query));
    if (method === "POST" && (namespace !== null || !rt.namespaced))
      return sendJson(res, 201, cluster.create(rt, namespace, body, dryRun));
    throw methodNotAllowed(method);
  }
  if (subresource === "log" && rt === PODS && method === "GET") return handleLog(cluster, namespace ?? "", name, query, res);
  if (subresource === "scale" && rt === DEPLOYMENTS)
    return handleScale(cluster, namespace ?? "", name, method, body, req, res, dryRun);
  if (subresource !== undefined && !(subresource === "status" && rt.hasStatus)) throw pathNotFound();
  switch (method) {
    case "GET":
      return sendJson(res, 200, clone(cluster.mustFind(rt, namespace, name)));
    case "PUT":
      return sendJson(res, 200, cluster.update(rt, namespace, name, body, subresource, dryRun));
    case "PATCH":
      return sendJson(res, 200, cluster.patch(rt, namespace, name, contentTypeOf(req), body, subresource, dryRun));
    case "DELETE": {
      if (subresource) throw methodNotAllowed(method);
      // DeleteOptions come as query parameters or as a body; the body wins.
      const fromQuery: DeleteOptions = {
        propagationPolicy: query.get("propagationPolicy") ?? undefined,
        ...(query.has("orphanDependents") ? { orphanDependents: isTrue(query.get("orphanDependents")) } : {}),
        ...(query.has("gracePeriodSeconds") ? { gracePeriodSeconds: Number(query.get("gracePeriodSeconds")) } : {}),
      };
      const options = { ...fromQuery, ...(isObject(body) ? (body as DeleteOptions) : {}) };
      return sendJson(
        res,
        200,
        cluster.delete(
          rt,
          namespace,
          name,
          options,
          dryRun || (isObject(body) && Array.isArray(body.dryRun) && body.dryRun.includes("All")),
        ),
      );
    }
    default:
      throw methodNotAllowed(method);
  }
}

export const contentTypeOf = (req: http.IncomingMessage) =>
  (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase() ?? "";

/** A list: items without kind/apiVersion (as the real server sends them), paged by `limit`/`continue`. */
function listResponse(cluster: Cluster, target: Target, query: URLSearchParams): KubeObject {
  const { rt, namespace } = target;
  let items = cluster.list(rt, namespace).filter(filterFor(namespace, query));
  const start = query.get("continue");
  if (start) {
    const after = Buffer.from(start, "base64url").toString("utf8");
    items = items.filter((item) => `${item.metadata.namespace ?? ""}/${item.metadata.name}` > after);
  }
  const limit = Number(query.get("limit") ?? 0);
  const page = limit > 0 ? items.slice(0, limit) : items;
  const last = page[page.length - 1];
  const more = page.length < items.length && last !== undefined;
  const metadata: KubeObject = { resourceVersion: cluster.resourceVersion };
  if (more) {
    metadata.continue = Buffer.from(`${last.metadata.namespace ?? ""}/${last.metadata.name}`).toString("base64url");
    metadata.remainingItemCount = items.length - page.length;
  }
  return {
    kind: `${rt.kind}List`,
    apiVersion: apiVersionOf(rt),
    metadata,
    items: page.map(({ kind: _kind, apiVersion: _apiVersion, ...item }) => clone(item)),
  };
}
