export const HOOK_EVENTS = ["run.completed", "run.failed", "ticket.moved", "pr.merged"] as const;

export type HookEvent = (typeof HOOK_EVENTS)[number];
