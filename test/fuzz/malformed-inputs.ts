/**
 * Malformed inputs for a procedure, generated from its zod input schema: a
 * plausible base object (so a case gets past the fields it does not touch),
 * then each field replaced by values of the hostile classes, plus whole-input
 * shapes no schema expects. Bounded per procedure so the suite stays fast.
 */
type ZodLike = { _zod?: { def: Record<string, unknown> & { type: string } } };

export type FuzzCase = { name: string; body: string | undefined };

// Far over every field's maximum, small enough to pass the body limit and reach the schema.
const HUGE = "x".repeat(20_000);
const STRING_CLASSES: Array<[string, unknown]> = [
  ["nul", "a\u0000b"],
  ["surrogate", "\ud800x"],
  ["huge string", HUGE],
  ["path traversal", "../../../../etc/passwd"],
  ["wrong type", 12345],
];
const NUMBER_CLASSES: Array<[string, unknown]> = [
  ["negative", -1],
  ["float", 1.5],
  ["over int4", 2 ** 31],
  ["huge", 1e308],
  ["wrong type", "1"],
];
const OTHER_CLASSES: Array<[string, unknown]> = [
  ["nul", "a\u0000b"],
  ["nested object", { deep: { deeper: [1, "two"] } }],
  ["null", null],
];

function defOf(schema: unknown) {
  return (schema as ZodLike)?._zod?.def;
}

/** A value the schema would likely accept; ids point at rows that do not exist. */
export function sampleOf(schema: unknown, depth = 0): unknown {
  const def = defOf(schema);
  if (!def || depth > 6) return undefined;
  switch (def.type) {
    case "object":
      return Object.fromEntries(
        Object.entries(def.shape as Record<string, unknown>).map(([key, field]) => [key, sampleOf(field, depth + 1)]),
      );
    case "string": {
      const format = def.format as string | undefined;
      if (format === "url") return "https://example.com/x";
      if (format === "email") return "fuzz@example.com";
      if (format === "uuid") return "00000000-0000-4000-8000-000000000000";
      return "fuzz";
    }
    case "number":
    case "int":
      return 999_999;
    case "bigint":
      return undefined;
    case "boolean":
      return false;
    case "date":
      return undefined;
    case "enum":
      return Object.values(def.entries as Record<string, unknown>)[0];
    case "literal":
      return (def.values as unknown[])[0];
    case "array":
      return [sampleOf(def.element, depth + 1)];
    case "record":
      return {};
    case "tuple":
      return (def.items as unknown[]).map((item) => sampleOf(item, depth + 1));
    case "union":
      return sampleOf((def.options as unknown[])[0], depth + 1);
    case "intersection":
      return { ...(sampleOf(def.left, depth + 1) as object), ...(sampleOf(def.right, depth + 1) as object) };
    case "pipe":
      return sampleOf(def.in, depth + 1);
    case "lazy":
      return sampleOf((def.getter as () => unknown)(), depth + 1);
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "catch":
    case "readonly":
    case "nonoptional":
      return sampleOf(def.innerType, depth + 1);
    default:
      return "fuzz";
  }
}

function classesFor(sample: unknown) {
  if (typeof sample === "string") return STRING_CLASSES;
  if (typeof sample === "number") return NUMBER_CLASSES;
  return OTHER_CLASSES;
}

const envelope = (json: unknown) => JSON.stringify({ json });

function nested(depth: number) {
  let value: unknown = "leaf";
  for (let level = 0; level < depth; level++) value = { a: value, b: [value === "leaf" ? 1 : 0] };
  return value;
}

/** The cases for one procedure: whole-input shapes, then per field (at most 6 fields) its type's classes. */
export function malformedInputs(inputSchema: unknown): FuzzCase[] {
  const base = sampleOf(inputSchema);
  const cases: FuzzCase[] = [
    { name: "no input", body: undefined },
    { name: "sample", body: envelope(base) },
    { name: "null", body: envelope(null) },
    { name: "string", body: envelope("a\u0000b") },
    { name: "array", body: envelope([1, "two", null]) },
    { name: "deep nesting", body: envelope(nested(200)) },
    { name: "__proto__ keys", body: `{"json":{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"polluted":1}}}}` },
    { name: "not superjson", body: `{"json":{"a":1},"meta":{"values":{"a":["map"]}}}` },
  ];
  if (base && typeof base === "object" && !Array.isArray(base)) {
    const fields = Object.entries(base as Record<string, unknown>).slice(0, 6);
    for (const [key, sample] of fields)
      for (const [name, value] of classesFor(sample))
        cases.push({ name: `${key}: ${name}`, body: envelope({ ...base, [key]: value }) });
    if (fields.length)
      cases.push({
        name: "__proto__ beside fields",
        body: `{"json":${JSON.stringify(base).replace(/^\{/, '{"__proto__":{"tenantId":1},')}}`,
      });
  }
  return cases;
}
