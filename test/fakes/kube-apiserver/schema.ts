// The OpenAPI schema of each kind (kubernetes-models), checked on every object written, as the
// API server decodes and validates a body before any kind's own rules.
import { KUBE_MODELS } from "../../helpers/kube-models";
import { type FieldError, fieldInvalid, fieldRequired } from "./errors";
import { apiVersionOf, type ResourceType } from "./resource-type";
import type { KubeObject } from "./types";

type SchemaError = { instancePath: string; keyword: string; params: Record<string, unknown>; message?: string };

/** The schema's complaints about `object` as the API server's field errors (`spec.containers[0].image`). */
export function schemaErrors(rt: ResourceType, object: KubeObject): FieldError[] {
  const Model = KUBE_MODELS[`${apiVersionOf(rt)}/${rt.kind}`];
  if (!Model) throw new Error(`fake kube-apiserver: no schema for ${rt.kind}`);
  try {
    new Model(structuredClone(object) as never).validate();
    return [];
  } catch (error) {
    const errors = (error as { errors?: SchemaError[] }).errors;
    if (!Array.isArray(errors)) throw error;
    return errors.map((schemaError) => {
      const field = fieldPath(schemaError.instancePath);
      if (schemaError.keyword === "required") {
        const missing = String(schemaError.params.missingProperty ?? "");
        return fieldRequired(field ? `${field}.${missing}` : missing);
      }
      return fieldInvalid(field, valueAt(object, schemaError.instancePath), schemaError.message ?? schemaError.keyword);
    });
  }
}

function fieldPath(pointer: string): string {
  return pointer
    .split("/")
    .slice(1)
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), "");
}

function valueAt(object: KubeObject, pointer: string): unknown {
  let node: unknown = object;
  for (const part of pointer.split("/").slice(1)) node = (node as Record<string, unknown> | undefined)?.[part];
  return node;
}
