const SECRET_KEY = /token|secret|kubeconfig|password|^value$|authorization|dataBase64|headers/i;
/** Values that are credentials whatever their field is called (API keys, run tokens, GitHub tokens, model keys). */
const SECRET_VALUE = /^(al_|alrun_|gh[opsu]_|github_pat_|sk-)/;

/** A copy of an input or result that is safe to keep: secrets masked, long text cut, depth bounded. */
export function redact(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return value ?? null;
  if (typeof value === "string") return SECRET_VALUE.test(value) ? "***" : value.length > 500 ? `${value.slice(0, 500)}…` : value;
  if (typeof value !== "object") return value;
  if (value instanceof Date) return value.toISOString();
  if (depth > 3) return "…";
  if (Array.isArray(value)) return value.slice(0, 20).map((item) => redact(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([key, item]) => [
      key,
      SECRET_KEY.test(key) ? "***" : redact(item, depth + 1),
    ]),
  );
}
