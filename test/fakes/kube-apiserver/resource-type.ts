// What the server knows about each kind it serves: group, version, names, scope and naming rule.

/** Which rule `metadata.name` follows (it differs by resource on a real server). */
type NameRule = "subdomain" | "label" | "dns1035" | "path";

export type ResourceType = {
  group: string;
  version: string;
  plural: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  /** With a status subresource, the main endpoint ignores status changes and /status changes only status. */
  hasStatus: boolean;
  nameRule: NameRule;
  /** Discovery's short names (kubectl's `svc`, `deploy`...). */
  shortNames: string[];
  /** DELETE answers with the object (like registries with ReturnDeletedObject or graceful deletion), otherwise a Status. */
  deleteReturnsObject: boolean;
};

export function resource(group: string, plural: string, kind: string, options: Partial<ResourceType> = {}): ResourceType {
  return {
    group,
    version: "v1",
    plural,
    singular: kind.toLowerCase(),
    kind,
    namespaced: true,
    hasStatus: false,
    nameRule: "subdomain",
    deleteReturnsObject: false,
    shortNames: [],
    ...options,
  };
}

export const apiVersionOf = (rt: ResourceType) => (rt.group ? `${rt.group}/${rt.version}` : rt.version);

/** "jobs.batch", as the real server names a resource in messages. */
export const qualifiedResource = (rt: ResourceType) => (rt.group ? `${rt.plural}.${rt.group}` : rt.plural);

export const qualifiedKind = (rt: ResourceType) => (rt.group ? `${rt.kind}.${rt.group}` : rt.kind);
