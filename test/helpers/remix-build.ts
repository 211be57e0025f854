import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import { requestIdOf } from "../../server/http/request-id";

const BUILD_PATH = path.resolve(import.meta.dirname, "../../build/index.js");

/** The app's Remix build (`npm run build`), as server/main.ts serves it. */
export async function loadRemixBuild() {
  if (!existsSync(BUILD_PATH)) throw new Error("No Remix build found: run `npm run build` first.");
  return (await import(pathToFileURL(BUILD_PATH).href)) as ServerBuild;
}

export function remixHandlerFor(build: ServerBuild) {
  return createRequestHandler({
    build,
    mode: "production",
    getLoadContext: (req, res) => ({ requestId: requestIdOf(req), cspNonce: res.locals.cspNonce as string }),
  });
}

/** Every route of the build with an action, at a URL that reaches it (params filled with `x`). */
export function routesWithActions(build: ServerBuild) {
  const urlOf = (id: string): string => {
    const route = build.routes[id]!;
    const parent = route.parentId ? urlOf(route.parentId) : "";
    const own = (route.path ?? "").replace(/:[^/]+|\*/g, "x");
    return own ? `${parent.replace(/\/$/, "")}/${own}` : parent || "/";
  };
  return Object.entries(build.routes)
    .filter(([, route]) => route.module && "action" in route.module)
    .map(([id, route]) => ({ id, url: `${urlOf(id)}${route.index ? "?index" : ""}` }));
}
