import { z } from "zod";

/** The sections of docs/configuration.md, in page order. */
export const ENV_GROUPS = ["Server", "Database", "Sign-in & GitHub", "Agents", "Kubernetes", "Storage", "Operations"] as const;

/** What `.meta()` must say about every variable in server/env.server.ts. */
const ZVariableMeta = z.object({ group: z.enum(ENV_GROUPS), description: z.string().trim().min(1) });

/** The parts of zod's JSON Schema output (input side) a variable's row needs. */
const ZVariableSchema = z.object({
  description: z.string().optional(),
  group: z.unknown().optional(),
  default: z.unknown().optional(),
  type: z.string().optional(),
  enum: z.array(z.unknown()).optional(),
  format: z.string().optional(),
  minimum: z.number().optional(),
  maximum: z.number().optional(),
  exclusiveMinimum: z.number().optional(),
  exclusiveMaximum: z.number().optional(),
});
type VariableSchema = z.infer<typeof ZVariableSchema>;

type Row = { name: string; group: (typeof ENV_GROUPS)[number]; description: string; default: string; values: string };

/**
 * Renders the configuration reference from the env schema itself: defaults and
 * allowed values come from zod (as the app parses them), descriptions and
 * groups from each variable's `.meta()`. Throws when a variable is undocumented.
 */
export function renderConfigReference(schema: z.ZodObject): string {
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as { properties?: Record<string, unknown> };
  const rows = Object.keys(schema.shape).map((name) => rowOf(name, ZVariableSchema.parse(json.properties?.[name] ?? {})));
  const sections = ENV_GROUPS.map((group) => {
    const inGroup = rows.filter((row) => row.group === group);
    if (inGroup.length === 0) return "";
    const cells = inGroup.map((row) => [`\`${row.name}\``, row.default, row.values, cell(row.description)]);
    return [`## ${group}`, "", table(["Variable", "Default", "Values", "What it does"], cells), ""].join("\n");
  });
  return [
    "# Configuration reference",
    "",
    "<!-- Generated from server/env.server.ts by `npm run docs:config`. Edit the descriptions there, not here. -->",
    "",
    "Every variable the server reads is validated once, at start-up, in `server/env.server.ts` (the CLI's own two,",
    "`AL_URL` and `AL_API_KEY`, are in [api.md](api.md)). An invalid value stops the app with `Invalid environment:`",
    "followed by each variable and what is wrong with it. For a variable without a default (—), an empty value counts as",
    "unset. With no variables at all, `npm start` works: embedded Postgres, generated secrets under `DATA_DIR`, and the",
    "app on http://localhost:3434.",
    "",
    ...sections.filter(Boolean),
  ].join("\n");
}

function rowOf(name: string, property: VariableSchema): Row {
  const meta = ZVariableMeta.safeParse({ group: property.group, description: property.description });
  if (!meta.success) {
    const missing = property.description?.trim() ? "known group" : "description";
    throw new Error(
      `${name} has no ${missing}: add .meta({ group: "${ENV_GROUPS.join('" | "')}", description: "…" }) to it in server/env.server.ts.`,
    );
  }
  return {
    name,
    ...meta.data,
    default: property.default === undefined ? "—" : `\`${String(property.default)}\``,
    values: valuesOf(property),
  };
}

function valuesOf(property: VariableSchema): string {
  if (property.enum) return property.enum.map((value) => `\`${String(value)}\``).join(", ");
  if (property.type === "integer" || property.type === "number") {
    const min = property.minimum ?? (property.exclusiveMinimum === undefined ? undefined : property.exclusiveMinimum + 1);
    const max = property.maximum ?? (property.exclusiveMaximum === undefined ? undefined : property.exclusiveMaximum - 1);
    // zod bounds every int by the safe-integer range; only bounds the schema sets are worth showing.
    const shown = (bound: number | undefined) =>
      bound !== undefined && Math.abs(bound) < Number.MAX_SAFE_INTEGER ? bound : undefined;
    const [low, high] = [shown(min), shown(max)];
    if (low !== undefined && high !== undefined) return `integer ${low}–${high}`;
    if (low !== undefined) return `integer ≥ ${low}`;
    if (high !== undefined) return `integer ≤ ${high}`;
    return "integer";
  }
  if (property.format === "uri") return "URL";
  return property.type ?? "string";
}

/** A table padded as Prettier pads it, so `npm run format` leaves the page alone. */
function table(header: string[], rows: string[][]) {
  const widths = header.map((title, column) => Math.max(3, title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => `| ${cells.map((text, column) => text.padEnd(widths[column]!)).join(" | ")} |`;
  return [line(header), line(widths.map((width) => "-".repeat(width))), ...rows.map(line)].join("\n");
}

/** Table cells cannot hold a pipe or a line break. */
function cell(text: string) {
  return text.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");
}
