/**
 * Postgres stores neither NUL (text: "invalid byte sequence", jsonb: "unsupported
 * Unicode escape sequence") nor a lone UTF-16 surrogate (jsonb: "invalid input
 * syntax"). A request carrying NUL is refused at the edge (see
 * cleanRequestInput); text the app did not type itself — agent and tool
 * output, file contents, webhook payloads — is stored with both replaced by
 * U+FFFD, so reading a binary file never fails a run.
 */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Deeper than any input or payload the app takes; walking stops there instead of exhausting the stack. */
export const MAX_DEPTH = 64;

/** Text Postgres can store: NUL and lone surrogates become U+FFFD. */
export function sanitizeText(text: string) {
  return text.replace(LONE_SURROGATE, "\ufffd").replaceAll("\0", "\ufffd");
}

/** Replaces lone surrogates only (a request's text; its NUL bytes are refused, not replaced). */
export function replaceLoneSurrogates(text: string) {
  return text.replace(LONE_SURROGATE, "\ufffd");
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (!value || typeof value !== "object") return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/**
 * Maps every string (object keys included) of plain objects and arrays through
 * `visit`; other values (Dates, Buffers) are kept as they are. Keys are set as
 * own properties, so a `__proto__` key stays data and never becomes a prototype.
 */
export function mapStrings(
  value: unknown,
  visit: (text: string, path: string[]) => string,
  path: string[] = [],
  depth = 0,
): unknown {
  if (typeof value === "string") return visit(value, path);
  if (depth >= MAX_DEPTH && (Array.isArray(value) || isPlainObject(value))) throw new TooDeepError(path);
  if (Array.isArray(value)) return value.map((item, index) => mapStrings(item, visit, [...path, String(index)], depth + 1));
  if (!isPlainObject(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const cleanKey = visit(key, [...path, key]);
    Object.defineProperty(copy, cleanKey, {
      value: mapStrings(item, visit, [...path, key], depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return copy;
}

export class TooDeepError extends Error {
  constructor(readonly path: string[]) {
    super(`Nested deeper than ${MAX_DEPTH} levels.`);
    this.name = "TooDeepError";
  }
}

/**
 * A JSON value Postgres can store: every string and key through sanitizeText,
 * anything nested deeper than MAX_DEPTH cut to a marker.
 */
export function sanitizeJson<T>(value: T): T {
  try {
    return mapStrings(value, sanitizeText) as T;
  } catch (error) {
    if (!(error instanceof TooDeepError)) throw error;
    return mapStrings(truncateDepth(value, MAX_DEPTH - 1), sanitizeText) as T;
  }
}

function truncateDepth(value: unknown, depth: number): unknown {
  if (Array.isArray(value)) return depth <= 0 ? "…" : value.map((item) => truncateDepth(item, depth - 1));
  if (!isPlainObject(value)) return value;
  if (depth <= 0) return "…";
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, truncateDepth(item, depth - 1)]));
}
