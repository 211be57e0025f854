/** One sample line of the Prometheus text format. */
export type Sample = { name: string; labels: Record<string, string>; value: number };

/**
 * Reads the Prometheus text exposition format strictly: every line must be a
 * HELP, a TYPE or a sample, else it throws. Returns the declared families
 * (name → type) and the samples.
 */
export function parsePrometheusText(text: string) {
  const families = new Map<string, string>();
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("# HELP ")) continue;
    const type = /^# TYPE ([a-zA-Z_:][\w:]*) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (type) {
      families.set(type[1]!, type[2]!);
      continue;
    }
    const sample = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!sample) throw new Error(`Not Prometheus text: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (sample[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)",?/g)) labels[key!] = value!;
    const value = sample[3] === "+Inf" ? Infinity : sample[3] === "-Inf" ? -Infinity : Number(sample[3]);
    // prom-client writes NaN as "Nan" (an event-loop histogram with no samples yet); Prometheus reads NaN in any case.
    if (Number.isNaN(value) && sample[3]!.toLowerCase() !== "nan") throw new Error(`Not a sample value: ${line}`);
    samples.push({ name: sample[1]!, labels, value });
  }
  return { families, samples };
}

/** The sum of the samples named `name` whose labels include `labels`. */
export function sampleSum(samples: Sample[], name: string, labels: Record<string, string> = {}) {
  return samples
    .filter((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value))
    .reduce((sum, sample) => sum + sample.value, 0);
}
