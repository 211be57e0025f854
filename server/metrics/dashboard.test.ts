import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { metricsRegistry } from "./registry";
import "./serve-metrics";

type Panel = { type: string; datasource?: { uid: string }; targets?: { expr: string }[] };
const dashboard = JSON.parse(readFileSync(path.resolve("docs/grafana-dashboard.json"), "utf8")) as {
  __inputs: { name: string; pluginId: string }[];
  panels: Panel[];
};

describe("docs/grafana-dashboard.json", () => {
  it("takes its Prometheus data source as an input and queries it in every panel", () => {
    expect(dashboard.__inputs).toEqual([expect.objectContaining({ name: "DS_PROMETHEUS", pluginId: "prometheus" })]);
    const panels = dashboard.panels.filter((panel) => panel.type !== "row");
    expect(panels.length).toBeGreaterThan(10);
    for (const panel of panels) {
      expect(panel.datasource?.uid).toBe("${DS_PROMETHEUS}");
      expect(panel.targets?.length).toBeGreaterThan(0);
    }
  });

  it("uses only metric names the registry exports, and every family of ours", async () => {
    const exported = new Map((await metricsRegistry().getMetricsAsJSON()).map((metric) => [metric.name, String(metric.type)]));
    const used = new Set(
      dashboard.panels.flatMap((panel) => panel.targets ?? []).flatMap((target) => target.expr.match(/assembly_lime_\w+/g) ?? []),
    );
    const family = (name: string) => {
      const base = name.replace(/_(bucket|sum|count)$/, "");
      return base !== name && exported.get(base) === "histogram" ? base : name;
    };
    const unknown = [...used].filter((name) => !exported.has(family(name)));
    expect(unknown).toEqual([]);
    // Node's default metrics are optional on the dashboard; ours are not.
    const ours = [...exported.keys()].filter((name) => !/^assembly_lime_(process|nodejs)_/.test(name));
    const usedFamilies = new Set([...used].map(family));
    expect(ours.filter((name) => !usedFamilies.has(name))).toEqual([]);
  });
});
