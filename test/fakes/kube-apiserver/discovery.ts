// Version and discovery documents, so clients find the groups and resources served.
import { DEPLOYMENTS } from "./apps";
import { PODS } from "./core";
import { RESOURCES, VERBS } from "./resources";
import type { KubeObject } from "./types";

export const VERSION_INFO = {
  major: "1",
  minor: "31",
  gitVersion: "v1.31.0-fake",
  gitCommit: "0000000000000000000000000000000000000000",
  gitTreeState: "clean",
  buildDate: "2024-08-13T00:00:00Z",
  goVersion: "go1.22.5",
  compiler: "gc",
  platform: "linux/amd64",
};

function groupVersionOf(group: string, version: string) {
  const groupVersion = group ? `${group}/${version}` : version;
  return { groupVersion, version };
}

function apiGroup(group: string): KubeObject {
  const version = groupVersionOf(group, "v1");
  return { kind: "APIGroup", apiVersion: "v1", name: group, versions: [version], preferredVersion: version };
}

function resourceList(group: string, version: string): KubeObject | undefined {
  const served = RESOURCES.filter((rt) => rt.group === group && rt.version === version);
  if (served.length === 0) return undefined;
  const resources = served.flatMap((rt) => {
    const main = {
      name: rt.plural,
      singularName: rt.singular,
      namespaced: rt.namespaced,
      kind: rt.kind,
      verbs: VERBS,
      ...(rt.shortNames.length > 0 ? { shortNames: rt.shortNames } : {}),
    };
    const status = rt.hasStatus
      ? [
          {
            name: `${rt.plural}/status`,
            singularName: "",
            namespaced: rt.namespaced,
            kind: rt.kind,
            verbs: ["get", "patch", "update"],
          },
        ]
      : [];
    const log = rt === PODS ? [{ name: "pods/log", singularName: "", namespaced: true, kind: "Pod", verbs: ["get"] }] : [];
    const scale =
      rt === DEPLOYMENTS
        ? [
            {
              name: "deployments/scale",
              singularName: "",
              namespaced: true,
              group: "autoscaling",
              version: "v1",
              kind: "Scale",
              verbs: ["get", "patch", "update"],
            },
          ]
        : [];
    return [main, ...status, ...log, ...scale];
  });
  return { kind: "APIResourceList", apiVersion: "v1", groupVersion: groupVersionOf(group, version).groupVersion, resources };
}

/** Legacy (unaggregated) discovery, which kubectl and the client fall back to. */
export function discoveryDocument(path: string, host: string): KubeObject | undefined {
  const groups = [...new Set(RESOURCES.map((rt) => rt.group).filter(Boolean))];
  if (path === "/api")
    return {
      kind: "APIVersions",
      versions: ["v1"],
      serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress: host }],
    };
  if (path === "/apis") return { kind: "APIGroupList", apiVersion: "v1", groups: groups.map(apiGroup) };
  if (path === "/api/v1") return resourceList("", "v1");
  const match = /^\/apis\/([^/]+)(?:\/([^/]+))?$/.exec(path);
  if (!match || !groups.includes(match[1] ?? "")) return undefined;
  return match[2] === undefined ? apiGroup(match[1] ?? "") : resourceList(match[1] ?? "", match[2]);
}
