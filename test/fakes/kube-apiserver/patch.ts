// JSON merge patch and JSON patch (RFC 7396, RFC 6902), as PATCH applies them.
import { isDeepStrictEqual } from "node:util";
import { badRequest, KubeError } from "./errors";
import { clone, isObject } from "./objects";
import type { KubeObject } from "./types";

function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return clone(patch);
  const result: KubeObject = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

/** The real server answers a patch that cannot be applied with 422 and no details. */
const unprocessable = (message: string) => new KubeError(422, "Invalid", message);

function parsePointer(pointer: string): string[] {
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) throw unprocessable(`invalid JSON pointer ${JSON.stringify(pointer)}`);
  return pointer
    .slice(1)
    .split("/")
    .map((token) => token.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** The container holding the last token of a pointer, and that token. */
function parentOf(doc: unknown, tokens: string[]): { parent: KubeObject | unknown[]; key: string } {
  let current = doc;
  for (const token of tokens.slice(0, -1)) {
    current = Array.isArray(current) ? current[Number(token)] : isObject(current) ? current[token] : undefined;
    if (current === undefined) throw unprocessable(`doc is missing path: /${tokens.join("/")}`);
  }
  if (!Array.isArray(current) && !isObject(current)) throw unprocessable(`doc is missing path: /${tokens.join("/")}`);
  return { parent: current, key: tokens[tokens.length - 1] ?? "" };
}

function arrayIndex(array: unknown[], key: string, allowEnd: boolean): number {
  const index = key === "-" && allowEnd ? array.length : Number(key);
  if (!/^(\d+|-)$/.test(key) || index > array.length || (!allowEnd && index === array.length)) {
    throw unprocessable(`Unable to access invalid index: ${key}`);
  }
  return index;
}

function pointerGet(doc: unknown, pointer: string): unknown {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return doc;
  const { parent, key } = parentOf(doc, tokens);
  const value = Array.isArray(parent) ? parent[arrayIndex(parent, key, false)] : parent[key];
  if (value === undefined) throw unprocessable(`doc is missing key: ${pointer}`);
  return value;
}

function pointerAdd(doc: unknown, pointer: string, value: unknown): unknown {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return value;
  const { parent, key } = parentOf(doc, tokens);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, true), 0, value);
  else parent[key] = value;
  return doc;
}

function pointerRemove(doc: unknown, pointer: string): unknown {
  pointerGet(doc, pointer); // must exist
  const { parent, key } = parentOf(doc, parsePointer(pointer));
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, false), 1);
  else delete parent[key];
  return doc;
}

function jsonPatch(target: unknown, operations: unknown[]): unknown {
  let doc = clone(target);
  for (const operation of operations) {
    if (!isObject(operation) || typeof operation.op !== "string" || typeof operation.path !== "string") {
      throw badRequest("the JSON patch is invalid: every operation needs an op and a path");
    }
    const { op, path, from, value } = operation;
    switch (op) {
      case "add":
        doc = pointerAdd(doc, path, clone(value));
        break;
      case "remove":
        doc = pointerRemove(doc, path);
        break;
      case "replace":
        doc = pointerAdd(pointerRemove(doc, path), path, clone(value));
        break;
      case "move": {
        const moved = pointerGet(doc, String(from));
        doc = pointerAdd(pointerRemove(doc, String(from)), path, moved);
        break;
      }
      case "copy":
        doc = pointerAdd(doc, path, clone(pointerGet(doc, String(from))));
        break;
      case "test":
        if (!isDeepStrictEqual(pointerGet(doc, path), value)) throw unprocessable(`testing value ${path} failed`);
        break;
      default:
        throw badRequest(`Unexpected kind: ${op}`);
    }
  }
  return doc;
}

/** Applies a PATCH body by its Content-Type, as the real server dispatches. */
export function applyPatch(target: KubeObject, contentType: string, body: unknown): unknown {
  switch (contentType) {
    case "application/json-patch+json":
      if (!Array.isArray(body)) throw badRequest("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
      return jsonPatch(target, body);
    // Approximation: a strategic merge patch replaces lists instead of merging them by their keys.
    case "application/merge-patch+json":
    case "application/strategic-merge-patch+json":
      if (!isObject(body)) throw badRequest("the merge patch must be a JSON object");
      return mergePatch(target, body);
    default:
      throw new KubeError(
        415,
        "UnsupportedMediaType",
        `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json (the fake does not implement ${contentType || "this media type"})`,
      );
  }
}
