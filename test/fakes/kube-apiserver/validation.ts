// Validation common to every kind (names, labels) and the dispatch to each kind's own rules.
import { DEPLOYMENTS, validateDeployment } from "./apps";
import { JOBS, validateJob } from "./batch";
import { CONFIG_MAPS, PODS, SECRETS, SERVICES, validateDataKeys, validatePodSpec, validateService } from "./core";
import { type FieldError, fieldInvalid, invalid } from "./errors";
import { INGRESSES, validateIngress } from "./networking";
import { isObject } from "./objects";
import { ROLE_BINDINGS, ROLES, validateRole, validateRoleBinding } from "./rbac";
import type { ResourceType } from "./resource-type";
import { schemaErrors } from "./schema";
import type { KubeObject } from "./types";

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

export const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

export const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const SUBDOMAIN_MESSAGE =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

const LABEL_MESSAGE =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

const DNS1035_MESSAGE =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

const QUALIFIED_NAME_MESSAGE =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

const LABEL_VALUE_MESSAGE =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

export function dnsErrors(field: string, value: string, rule: "subdomain" | "label" | "dns1035"): FieldError[] {
  const [pattern, message, max] =
    rule === "subdomain"
      ? [DNS1123_SUBDOMAIN, SUBDOMAIN_MESSAGE, 253]
      : rule === "label"
        ? [DNS1123_LABEL, LABEL_MESSAGE, 63]
        : [DNS1035_LABEL, DNS1035_MESSAGE, 63];
  const errors: FieldError[] = [];
  if (value.length > max) errors.push(fieldInvalid(field, value, `must be no more than ${max} characters`));
  if (!pattern.test(value)) errors.push(fieldInvalid(field, value, message));
  return errors;
}

function validateName(rt: ResourceType, name: string): FieldError[] {
  if (rt.nameRule !== "path") return dnsErrors("metadata.name", name, rt.nameRule);
  // RBAC objects only need a valid path segment, so names like "system:reader" are fine.
  if (name === "." || name === ".." || /[/%]/.test(name)) {
    return [fieldInvalid("metadata.name", name, `may not be '.' or '..' and may not contain '/' or '%'`)];
  }
  return [];
}

export function validateLabels(labels: unknown, field: string): FieldError[] {
  if (labels === undefined) return [];
  if (!isObject(labels)) return [fieldInvalid(field, labels, "must be a map of strings")];
  return Object.entries(labels).flatMap(([key, value]) => [
    ...validateLabelKey(key, field),
    ...validateLabelValue(value, `${field}`),
  ]);
}

function validateLabelKey(key: string, field: string): FieldError[] {
  const parts = key.split("/");
  const name = parts.pop() ?? "";
  const errors: FieldError[] = [];
  if (parts.length > 1)
    errors.push(
      fieldInvalid(field, key, "a qualified name must consist of an optional DNS subdomain prefix and a name, separated by '/'"),
    );
  if (parts.length === 1)
    errors.push(
      ...dnsErrors(field, parts[0] ?? "", "subdomain").map((error) => ({
        ...error,
        value: key,
        detail: `prefix part ${error.detail}`,
      })),
    );
  if (name.length > 63) errors.push(fieldInvalid(field, key, "name part must be no more than 63 characters"));
  if (!QUALIFIED_NAME.test(name)) errors.push(fieldInvalid(field, key, QUALIFIED_NAME_MESSAGE));
  return errors;
}

function validateLabelValue(value: unknown, field: string): FieldError[] {
  if (typeof value !== "string") return [fieldInvalid(field, value, "label values must be strings")];
  if (value.length > 63) return [fieldInvalid(field, value, "must be no more than 63 characters")];
  return LABEL_VALUE.test(value) ? [] : [fieldInvalid(field, value, LABEL_VALUE_MESSAGE)];
}

export const immutable = (field: string, value: unknown) => fieldInvalid(field, value, "field is immutable");

function validateKindSpecific(rt: ResourceType, object: KubeObject, old?: KubeObject): FieldError[] {
  switch (rt) {
    case PODS:
      return validatePodSpec(object.spec, "spec");
    case JOBS:
      return validateJob(object, old);
    case DEPLOYMENTS:
      return validateDeployment(object, old);
    case SERVICES:
      return validateService(object, old);
    case ROLES:
      return validateRole(object);
    case ROLE_BINDINGS:
      return validateRoleBinding(object, old);
    case INGRESSES:
      return validateIngress(object);
    case SECRETS:
    case CONFIG_MAPS:
      return validateDataKeys(object.data, "data");
    default:
      return [];
  }
}

export function validate(rt: ResourceType, object: KubeObject, old?: KubeObject): void {
  const name: string = object.metadata.name;
  // A body the schema refuses is not checked further: the kinds' rules assume its shape.
  const schema = schemaErrors(rt, object);
  if (schema.length > 0) throw invalid(rt, name, schema);
  const errors = [
    ...validateName(rt, name),
    ...validateLabels(object.metadata.labels, "metadata.labels"),
    ...validateKindSpecific(rt, object, old),
  ];
  if (errors.length > 0) throw invalid(rt, name, errors);
}
