import { hooks } from "../../../db/schema";

export const hookColumns = {
  id: hooks.id,
  name: hooks.name,
  event: hooks.event,
  kind: hooks.kind,
  targetUrl: hooks.targetUrl,
  script: hooks.script,
  timeoutSeconds: hooks.timeoutSeconds,
  enabled: hooks.enabled,
  createdAt: hooks.createdAt,
};
