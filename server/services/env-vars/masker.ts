/** Replaces every env var value (of 4+ characters) in text, however deep in an event payload. */
export function masker(values: Record<string, string>) {
  const secrets = Object.values(values)
    .filter((value) => value.length >= 4)
    .sort((a, b) => b.length - a.length);
  const maskText = (text: string) => secrets.reduce((masked, secret) => masked.split(secret).join("***"), text);
  const mask = (value: unknown): unknown => {
    if (typeof value === "string") return maskText(value);
    if (Array.isArray(value)) return value.map(mask);
    if (value && typeof value === "object")
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mask(item)]));
    return value;
  };
  return { active: secrets.length > 0, mask: <T>(value: T) => (secrets.length ? (mask(value) as T) : value) };
}
