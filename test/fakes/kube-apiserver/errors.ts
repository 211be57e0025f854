// Errors as the API server words them: `Status` objects with the real codes, reasons and field causes.
import { qualifiedKind, qualifiedResource, type ResourceType } from "./resource-type";
import type { KubeObject } from "./types";

export class KubeError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: KubeObject,
  ) {
    super(message);
  }

  toStatus(): KubeObject {
    return {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }
}

/** NotFound, AlreadyExists and Conflict name the resource (plural) in details.kind. */
export const resourceDetails = (rt: ResourceType, name: string) => ({
  name,
  ...(rt.group ? { group: rt.group } : {}),
  kind: rt.plural,
});

export const notFound = (rt: ResourceType, name: string) =>
  new KubeError(404, "NotFound", `${qualifiedResource(rt)} "${name}" not found`, resourceDetails(rt, name));

export const alreadyExists = (rt: ResourceType, name: string) =>
  new KubeError(409, "AlreadyExists", `${qualifiedResource(rt)} "${name}" already exists`, resourceDetails(rt, name));

export const conflict = (rt: ResourceType, name: string, why: string) =>
  new KubeError(
    409,
    "Conflict",
    `Operation cannot be fulfilled on ${qualifiedResource(rt)} "${name}": ${why}`,
    resourceDetails(rt, name),
  );

export const staleObject = (rt: ResourceType, name: string) =>
  conflict(rt, name, "the object has been modified; please apply your changes to the latest version and try again");

export const badRequest = (message: string) => new KubeError(400, "BadRequest", message);

export const forbidden = (rt: ResourceType, name: string, why: string) =>
  new KubeError(403, "Forbidden", `${qualifiedResource(rt)} "${name}" is forbidden: ${why}`, resourceDetails(rt, name));

export const pathNotFound = () => new KubeError(404, "NotFound", "the server could not find the requested resource", {});

export const methodNotAllowed = (method: string) =>
  new KubeError(405, "MethodNotAllowed", `the server does not allow this method on the requested resource (${method})`, {});

type FieldErrorType = "Invalid" | "Required" | "Unsupported" | "Forbidden" | "Duplicate";

export type FieldError = { field: string; type: FieldErrorType; value?: unknown; detail?: string };

export const fieldInvalid = (field: string, value: unknown, detail: string): FieldError => ({
  field,
  type: "Invalid",
  value,
  detail,
});

export const fieldRequired = (field: string, detail?: string): FieldError => ({ field, type: "Required", detail });

export const fieldUnsupported = (field: string, value: unknown, supported: string[]): FieldError => ({
  field,
  type: "Unsupported",
  value,
  detail: `supported values: ${supported.map((v) => JSON.stringify(v)).join(", ")}`,
});

function describeFieldError(error: FieldError): { reason: string; message: string; field: string } {
  const value = JSON.stringify(error.value);
  const detail = error.detail ? `: ${error.detail}` : "";
  switch (error.type) {
    case "Invalid":
      return { reason: "FieldValueInvalid", message: `Invalid value: ${value}${detail}`, field: error.field };
    case "Required":
      return { reason: "FieldValueRequired", message: `Required value${detail}`, field: error.field };
    case "Unsupported":
      return { reason: "FieldValueNotSupported", message: `Unsupported value: ${value}${detail}`, field: error.field };
    case "Duplicate":
      return { reason: "FieldValueDuplicate", message: `Duplicate value: ${value}`, field: error.field };
    case "Forbidden":
      return { reason: "FieldValueForbidden", message: `Forbidden${detail}`, field: error.field };
  }
}

/** 422 Invalid: unlike the other errors, details.kind is the Kind and the message lists every field error. */
export function invalid(rt: ResourceType, name: string, errors: FieldError[]): KubeError {
  const causes = errors.map(describeFieldError);
  const summary = causes.map((cause) => `${cause.field}: ${cause.message}`);
  const list = summary.length === 1 ? summary[0] : `[${summary.join(", ")}]`;
  return new KubeError(422, "Invalid", `${qualifiedKind(rt)} "${name}" is invalid: ${list}`, {
    name,
    ...(rt.group ? { group: rt.group } : {}),
    kind: rt.kind,
    causes,
  });
}
