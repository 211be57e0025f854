/** What each kind of config file is, in words. */
const KIND_LABEL: Record<string, string> = {
  node: "Node.js package",
  typescript: "TypeScript config",
  docker: "Dockerfile",
  compose: "Docker Compose",
  go: "Go module",
  python: "Python project",
  rust: "Rust crate",
  maven: "Maven project",
  gradle: "Gradle build",
  ruby: "Ruby Gemfile",
  php: "Composer package",
  make: "Makefile",
  "github-actions": "GitHub Actions workflow",
  agents: "Agent instructions",
};

/** What each thing the scan read from a file is called; keys not here are shown as they are. */
const FIELD_LABEL: Record<string, string> = {
  name: "Name",
  module: "Module",
  go: "Go version",
  edition: "Edition",
  packageManager: "Package manager",
  engines: "Engines",
  frameworks: "Frameworks and test tools",
  scripts: "Scripts",
  baseImages: "Base images",
  exposes: "Exposed ports",
  targets: "Make targets",
  lines: "Lines",
};

export type DetectedConfigFile = { path: string; kind: string; detected: unknown };

/** One config file the scan found, with what it says as labels and lists (not its JSON). */
export function DetectedConfig({ config }: { config: DetectedConfigFile }) {
  const detected = (config.detected ?? {}) as Record<string, unknown>;
  const fields = Object.entries(detected).filter(([key, value]) => key !== "error" && value !== null && value !== undefined);
  return (
    <li className="text-sm" aria-label={`${KIND_LABEL[config.kind] ?? config.kind}: ${config.path}`}>
      <span className="font-medium">{KIND_LABEL[config.kind] ?? config.kind}</span>{" "}
      <span className="font-mono text-xs text-zinc-600 dark:text-zinc-400">{config.path}</span>
      {typeof detected.error === "string" ? (
        <p className="text-xs text-amber-700 dark:text-amber-400">The scan could not read this file.</p>
      ) : null}
      {fields.length ? (
        <dl className="mt-1 grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1 text-xs">
          {fields.map(([key, value]) => (
            <div key={key} className="contents">
              <dt className="text-zinc-600 dark:text-zinc-400">{FIELD_LABEL[key] ?? key}</dt>
              <dd>
                <FieldValue value={value} />
              </dd>
            </div>
          ))}
        </dl>
      ) : null}
    </li>
  );
}

function FieldValue({ value }: { value: unknown }) {
  if (Array.isArray(value)) {
    if (value.length === 0) return <span className="text-zinc-600 dark:text-zinc-400">none</span>;
    return (
      <ul className="flex flex-wrap gap-1">
        {value.map((item, index) => (
          <li key={index} className="rounded bg-zinc-100 px-1.5 font-mono dark:bg-zinc-800">
            {String(item)}
          </li>
        ))}
      </ul>
    );
  }
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value);
    if (entries.length === 0) return <span className="text-zinc-600 dark:text-zinc-400">none</span>;
    return (
      <ul className="flex flex-col gap-0.5">
        {entries.map(([key, item]) => (
          <li key={key}>
            <span className="font-mono font-medium">{key}</span>{" "}
            <span className="font-mono text-zinc-600 dark:text-zinc-400">{String(item)}</span>
          </li>
        ))}
      </ul>
    );
  }
  return <span className="font-mono">{String(value)}</span>;
}
