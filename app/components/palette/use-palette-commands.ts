import { NAV_ITEMS } from "~/components/layout/app-shell";
import { useCan } from "~/permissions";
import { usePaletteContext } from "./use-palette-context";

export type PaletteCommand = {
  id: string;
  label: string;
  group: "Pages" | "Actions";
  /** More words that find it, beside its label. */
  keywords?: string;
  action: { kind: "go"; to: string } | { kind: "new-ticket" } | { kind: "run-agent"; ticketKey: string } | { kind: "shortcuts" };
};

/**
 * The palette's own commands: a page for each entry of the side nav the member may open, and the
 * actions that make sense where they are (a new ticket on a board, a run on the open ticket).
 */
export function usePaletteCommands(): PaletteCommand[] {
  const can = useCan();
  const { project, openTicketKey } = usePaletteContext();
  const pages = NAV_ITEMS.filter((item) => !item.needs || can(item.needs)).map((item): PaletteCommand => ({
    id: `page:${item.to}`,
    label: item.label,
    group: "Pages",
    keywords: "go to page",
    action: { kind: "go", to: item.to },
  }));
  const actions: PaletteCommand[] = [];
  if (project && can("tickets:write"))
    actions.push({
      id: "new-ticket",
      label: `Create ticket in ${project.name}`,
      group: "Actions",
      keywords: "new add",
      action: { kind: "new-ticket" },
    });
  if (openTicketKey && can("runs:launch"))
    actions.push({
      id: "run-agent",
      label: `Run agent on ${openTicketKey}`,
      group: "Actions",
      keywords: "launch start",
      action: { kind: "run-agent", ticketKey: openTicketKey },
    });
  actions.push({
    id: "shortcuts",
    label: "Show keyboard shortcuts",
    group: "Actions",
    keywords: "help keys ?",
    action: { kind: "shortcuts" },
  });
  return [...actions, ...pages];
}

/** Whether every word typed appears in the command's label or keywords, in any order and case. */
export function matchesCommand(command: PaletteCommand, query: string) {
  const haystack = `${command.label} ${command.keywords ?? ""}`.toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => haystack.includes(word));
}
