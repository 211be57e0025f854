import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import Ajv from "ajv";
import type { FakeDelivery, FakeGitHubResponse } from "../fakes/github";

/**
 * Checks what the fake GitHub served against GitHub's own descriptions: REST answers against the
 * OpenAPI description in @octokit/openapi, webhook payloads against @octokit/webhooks-schemas.
 * Each check returns the problems it found (empty when the answer keeps to the spec).
 */

type Schema = Record<string, unknown>;
type Operation = { responses?: Record<string, Schema> };
type Spec = { paths: Record<string, Record<string, Operation>>; components: Schema & { responses: Record<string, Schema> } };
type Route = {
  template: string;
  pattern: RegExp;
  greedy: RegExp;
  params: number;
  literal: number;
  methods: Record<string, Operation>;
};

const resolve = createRequire(import.meta.url).resolve;
const SPEC_ID = "api.github.com";
const WEBHOOKS_ID = "webhooks";

/**
 * Drifts a test accepts on purpose, by "METHOD /template status" or "event$action": each entry is
 * one exact error text (as `ContractResult.errors` words it) and must say why where it is listed.
 */
export type KnownDrifts = Record<string, readonly string[]>;

/** An answer checked: `operation` is "METHOD /template" (or the path when no template matched). */
export type ContractResult = { operation: string; status: number; errors: string[] };

/**
 * OpenAPI 3.0 is JSON Schema plus `nullable`; ajv speaks draft-07, so `nullable: true` becomes a
 * union with null, and `$ref`s to components point into the spec added under SPEC_ID.
 */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!node || typeof node !== "object") return node;
  const { nullable, ...rest } = node as Schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(rest)) {
    // Examples are annotations; leaving them out keeps ajv from reading their `id`s as schema ids.
    if (key === "example" || key === "examples") continue;
    out[key] =
      key === "$ref" && typeof value === "string" && value.startsWith("#/")
        ? `${SPEC_ID}${value}`
        : key === "properties" || key === "patternProperties" || key === "definitions"
          ? Object.fromEntries(Object.entries(value as Schema).map(([name, schema]) => [name, toJsonSchema(schema)]))
          : toJsonSchema(value);
  }
  if (nullable !== true) return out;
  if (typeof out.type === "string" && !out.$ref && !out.allOf && !out.anyOf && !out.oneOf) {
    const widened: Schema = { ...out, type: [out.type, "null"] };
    if (Array.isArray(out.enum)) widened.enum = [...(out.enum as unknown[]), null];
    return widened;
  }
  return { anyOf: [{ type: "null" }, out] };
}

function templatePattern(template: string, segment: string) {
  const escaped = template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, segment);
  return new RegExp(`^${escaped}$`);
}

function createAjv() {
  // Formats are left unchecked: the spec uses several ajv does not know (uri-template, repo.nwo…).
  return new Ajv({ allErrors: true, format: false, validateSchema: false, unknownFormats: "ignore", logger: false });
}

/** What is wrong, minus the `allowed` known drifts; anyOf/oneOf wrappers only repeat their branches' errors. */
function describeErrors(errors: Ajv.ErrorObject[] | null | undefined, allowed: readonly string[] = []) {
  const described = (errors ?? []).map((error) => ({
    keyword: error.keyword,
    text: `${error.dataPath || "(root)"} ${error.message}`,
  }));
  const leaves = described.filter((error) => !["anyOf", "oneOf", "allOf"].includes(error.keyword));
  const unexplained = (leaves.length ? leaves : described).filter((error) => !allowed.includes(error.text));
  return unexplained.slice(0, Number(process.env.CONTRACT_ERRORS ?? 5)).map((error) => error.text);
}

/** Loads the OpenAPI description once (13 MB) and validates recorded answers against it. */
export function createRestContract() {
  const raw = JSON.parse(readFileSync(resolve("@octokit/openapi/generated/api.github.com.json"), "utf8")) as Spec;
  const ajv = createAjv();
  ajv.addSchema({ $id: SPEC_ID, components: toJsonSchema(raw.components) });
  const routes: Route[] = Object.entries(raw.paths).map(([template, methods]) => ({
    template,
    pattern: templatePattern(template, "[^/]+"),
    // Some parameters hold slashes on the wire (`{ref}` = heads/main, `{path}` = src/app.js).
    greedy: templatePattern(template, ".+?"),
    params: (template.match(/\{/g) ?? []).length,
    literal: template.replace(/\{[^}]+\}/g, "").length,
    methods,
  }));
  const validators = new Map<string, Ajv.ValidateFunction>();

  function route(method: string, path: string) {
    const candidates = (pattern: "pattern" | "greedy") =>
      routes
        .filter((entry) => entry.methods[method.toLowerCase()] && entry[pattern].test(path))
        .sort((a, b) => a.params - b.params || b.literal - a.literal);
    return candidates("pattern")[0] ?? candidates("greedy")[0];
  }

  const basicError = ajv.compile({ $ref: `${SPEC_ID}#/components/schemas/basic-error` });

  function check(response: FakeGitHubResponse, allowed: KnownDrifts = {}): ContractResult {
    const found = route(response.method, response.path);
    if (!found)
      return {
        operation: `${response.method} ${response.path}`,
        status: response.status,
        errors: ["no such operation in the spec"],
      };
    const operation = `${response.method} ${found.template}`;
    const headerErrors = checkHeaders(response);
    const result = (errors: string[]) => ({ operation, status: response.status, errors: [...headerErrors, ...errors] });
    let documented = found.methods[response.method.toLowerCase()]!.responses?.[String(response.status)];
    if (!documented) {
      // Answers GitHub gives on any operation, whatever it documents: bad credentials, a resource
      // hidden or missing, a body that is not JSON ("Client errors" in the REST docs), and rate
      // limits (docs.github.com "Rate limits for the REST API").
      const message = (response.body as { message?: unknown } | undefined)?.message;
      const badJson = response.status === 400 && typeof message === "string" && /^Problems parsing JSON$/.test(message);
      const generic = response.status === 401 || response.status === 404 || badJson || rateLimitKind(response) !== null;
      if (!generic) return result([`status ${response.status} is not documented for this operation`]);
      return result(basicError(response.body) ? [] : describeErrors(basicError.errors));
    }
    const ref = documented.$ref;
    if (typeof ref === "string") documented = raw.components.responses[ref.replace("#/components/responses/", "")]!;
    const content = documented.content as Record<string, { schema?: Schema }> | undefined;
    const schema = content?.["application/json"]?.schema;
    if (!schema) {
      if (response.body === undefined) return result([]);
      // Some refusals are documented without content (DELETE …/git/refs/{ref} 422), yet GitHub
      // words every client error as a basic error: the body must be one.
      if (response.status >= 400) return result(basicError(response.body) ? [] : describeErrors(basicError.errors));
      return result(["a body where the spec documents none"]);
    }
    // The raw media type (application/vnd.github.raw) answers with bytes the JSON schema does not describe.
    if (response.raw) return result([]);
    if (response.body === undefined) return result(["no body where the spec documents one"]);
    const key = `${operation} ${response.status}`;
    let validate = validators.get(key);
    if (!validate) {
      validate = ajv.compile(toJsonSchema(schema) as Schema);
      validators.set(key, validate);
    }
    return result(validate(response.body) ? [] : describeErrors(validate.errors, allowed[`${operation} ${response.status}`]));
  }

  return { check };
}

const RATE_LIMIT_HEADERS = ["x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset", "x-ratelimit-used"];

/**
 * A refusal for a rate limit, as GitHub documents them: a secondary limit is 403 or 429 with a
 * message saying so (and usually `retry-after`); a primary one is 403/429 with `x-ratelimit-remaining: 0`.
 */
function rateLimitKind(response: FakeGitHubResponse): "primary" | "secondary" | null {
  if (response.status !== 403 && response.status !== 429) return null;
  const message = (response.body as { message?: unknown } | undefined)?.message;
  if (typeof message === "string" && /secondary rate limit/i.test(message)) return "secondary";
  if (response.headers["x-ratelimit-remaining"] === "0") return "primary";
  return null;
}

/**
 * What GitHub's REST docs promise of every answer's headers: JSON answers say so in Content-Type,
 * the x-ratelimit-* headers are integers (the spec's `x-rate-limit-*` components), an error body
 * carries a `message`, and a rate-limit refusal says when to come back: `retry-after` in whole
 * seconds for a secondary limit, `x-ratelimit-reset` (epoch seconds, not in the past) for a primary one.
 */
function checkHeaders(response: FakeGitHubResponse): string[] {
  const errors: string[] = [];
  const headers = response.headers;
  if (response.body !== undefined && !response.raw && !/^application\/json\b/.test(headers["content-type"] ?? ""))
    errors.push(`content-type ${headers["content-type"] ?? "(none)"} for a JSON body`);
  for (const name of RATE_LIMIT_HEADERS)
    if (headers[name] !== undefined && !/^\d+$/.test(headers[name])) errors.push(`header ${name} is not an integer`);
  if (response.status >= 400) {
    const message = (response.body as { message?: unknown } | undefined)?.message;
    if (typeof message !== "string" || !message) errors.push("an error without a message");
  }
  const kind = rateLimitKind(response);
  if (kind === "secondary" && !/^\d+$/.test(headers["retry-after"] ?? ""))
    errors.push("a secondary rate limit without retry-after in seconds");
  if (kind === "primary") {
    const reset = Number(headers["x-ratelimit-reset"]);
    if (!Number.isInteger(reset) || reset < Math.floor(Date.now() / 1000) - 3600)
      errors.push("a primary rate limit without a coming x-ratelimit-reset");
  }
  return errors;
}

/** Validates deliveries against `<event>$<action>` (or `<event>$event` when the event has no actions). */
export function createWebhookContract() {
  const raw = JSON.parse(readFileSync(resolve("@octokit/webhooks-schemas/schema.json"), "utf8")) as { definitions: Schema };
  const ajv = createAjv();
  ajv.addSchema({ $id: WEBHOOKS_ID, definitions: raw.definitions });
  const validators = new Map<string, Ajv.ValidateFunction>();

  function check(
    delivery: Pick<FakeDelivery, "event" | "action" | "payload"> & Partial<Pick<FakeDelivery, "headers">>,
    allowed: KnownDrifts = {},
  ): ContractResult {
    const name = `${delivery.event}$${delivery.action ?? "event"}`;
    const headerErrors = delivery.headers ? checkDeliveryHeaders(delivery.event, delivery.headers) : [];
    const result = (errors: string[]) => ({ operation: name, status: 0, errors: [...headerErrors, ...errors] });
    if (!raw.definitions[name]) return result([`no definition ${name} in @octokit/webhooks-schemas`]);
    let validate = validators.get(name);
    if (!validate) {
      validate = ajv.compile({ $ref: `${WEBHOOKS_ID}#/definitions/${encodeURIComponent(name)}` });
      validators.set(name, validate);
    }
    return result(validate(delivery.payload) ? [] : describeErrors(validate.errors, allowed[name]));
  }

  return { check };
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The delivery headers GitHub documents ("Webhook events and payloads", delivery headers): the
 * event's name, a GUID, the hook's numeric id, a Hookshot user agent, the target's type and id, and
 * with a secret both HMAC signatures in `sha1=`/`sha256=` hex. Header names are matched case-insensitively.
 */
function checkDeliveryHeaders(event: string, sent: Record<string, string>): string[] {
  const headers = Object.fromEntries(Object.entries(sent).map(([name, value]) => [name.toLowerCase(), value]));
  const errors: string[] = [];
  if (headers["x-github-event"] !== event) errors.push(`X-GitHub-Event ${headers["x-github-event"]} for a ${event} payload`);
  if (!GUID.test(headers["x-github-delivery"] ?? "")) errors.push("X-GitHub-Delivery is not a GUID");
  if (!/^\d+$/.test(headers["x-github-hook-id"] ?? "")) errors.push("X-GitHub-Hook-ID is not a number");
  if (!/^GitHub-Hookshot\//.test(headers["user-agent"] ?? "")) errors.push("User-Agent is not GitHub-Hookshot/…");
  if (!headers["x-github-hook-installation-target-type"] || !/^\d+$/.test(headers["x-github-hook-installation-target-id"] ?? ""))
    errors.push("no X-GitHub-Hook-Installation-Target-Type/-ID");
  const sha256 = headers["x-hub-signature-256"];
  if (sha256 !== undefined && !/^sha256=[0-9a-f]{64}$/.test(sha256)) errors.push("X-Hub-Signature-256 is not sha256=<hex>");
  if ((sha256 === undefined) !== (headers["x-hub-signature"] === undefined))
    errors.push("only one of X-Hub-Signature and X-Hub-Signature-256");
  if (!/^application\/(json|x-www-form-urlencoded)$/.test(headers["content-type"] ?? ""))
    errors.push(`content-type ${headers["content-type"]} is neither json nor form`);
  return errors;
}
