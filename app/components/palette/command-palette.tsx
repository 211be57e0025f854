import * as Dialog from "@radix-ui/react-dialog";
import { useNavigate } from "@remix-run/react";
import { Command } from "cmdk";
import { useState, type ReactNode } from "react";
import { errorMessage, trpc } from "~/trpc";
import { runAgentOnOpenTicket } from "./run-agent-on-open-ticket";
import { matchesCommand, usePaletteCommands, type PaletteCommand } from "./use-palette-commands";
import { usePaletteContext } from "./use-palette-context";
import { useWorkspaceSearch } from "./use-workspace-search";

/**
 * ⌘K: the member's pages and actions, and live results from `search.workspace` as they type.
 * Enter opens the chosen one; Escape closes the palette (or leaves "new ticket" for the commands),
 * and focus goes back where it was.
 */
export function CommandPalette(props: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onShowShortcuts: () => void;
  /** Where focus goes when the palette closes (Radix's modal would send it to a trigger, and there is none). */
  onCloseAutoFocus: (event: Event) => void;
}) {
  return (
    <Dialog.Root open={props.open} onOpenChange={props.onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-50 bg-black/40" onClick={(event) => event.stopPropagation()} />
        {/* Mounted only while open, so each opening starts from an empty query. */}
        {props.open ? (
          <PaletteContent
            close={() => props.onOpenChange(false)}
            onShowShortcuts={props.onShowShortcuts}
            onCloseAutoFocus={props.onCloseAutoFocus}
          />
        ) : null}
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function PaletteContent(props: { close: () => void; onShowShortcuts: () => void; onCloseAutoFocus: (event: Event) => void }) {
  const navigate = useNavigate();
  const { project } = usePaletteContext();
  const commands = usePaletteCommands();
  const [page, setPage] = useState<"commands" | "new-ticket">("commands");
  const [query, setQuery] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const search = useWorkspaceSearch(page === "commands" ? query : "");

  const go = (to: string) => {
    props.close();
    navigate(to);
  };
  const perform = (command: PaletteCommand) => {
    const { action } = command;
    if (action.kind === "go") return go(action.to);
    if (action.kind === "new-ticket") {
      setQuery("");
      return setPage("new-ticket");
    }
    props.close();
    if (action.kind === "shortcuts") props.onShowShortcuts();
    // After the palette has handed focus back, so the composer's focus is not taken from it.
    else requestAnimationFrame(() => runAgentOnOpenTicket(action.ticketKey));
  };
  const createTicket = async (title: string) => {
    // A second Enter while the first is on its way must not make a second ticket.
    if (!project || creating) return;
    setCreating(true);
    try {
      const card = await trpc.tickets.create.mutate({ projectId: project.id, title });
      go(`/projects/${project.key}?ticket=${encodeURIComponent(card.key)}`);
    } catch (error) {
      setProblem(errorMessage(error));
      setCreating(false);
    }
  };

  const shown = page === "commands" ? commands.filter((command) => matchesCommand(command, query)) : [];
  const results = search.results;
  return (
    <Dialog.Content
      aria-describedby={undefined}
      onCloseAutoFocus={props.onCloseAutoFocus}
      onClick={(event) => event.stopPropagation()}
      onEscapeKeyDown={(event) => {
        if (page === "commands") return;
        event.preventDefault();
        setPage("commands");
        setQuery("");
      }}
      className="fixed left-1/2 top-[12vh] z-50 w-[min(36rem,calc(100vw-2rem))] -translate-x-1/2 overflow-hidden rounded-lg bg-white shadow-xl dark:bg-zinc-900 dark:text-zinc-100"
    >
      <Dialog.Title className="sr-only">Command palette</Dialog.Title>
      <Command
        shouldFilter={false}
        vimBindings={false}
        loop
        label={page === "commands" ? "Commands and search" : `New ticket in ${project?.name}`}
      >
        <Command.Input
          value={query}
          onValueChange={(value) => {
            setQuery(value);
            setProblem(null);
          }}
          placeholder={
            page === "commands"
              ? "Type a command, or search tickets, projects, runs…"
              : `Title of the new ticket in ${project?.name}`
          }
          className="w-full border-b border-zinc-200 bg-transparent px-4 py-3 text-sm outline-none dark:border-zinc-800"
        />
        {problem || search.error ? (
          <p role="alert" className="px-4 pt-2 text-sm text-red-700 dark:text-red-400">
            {problem ?? search.error}
          </p>
        ) : null}
        <Command.List className="max-h-[60vh] overflow-y-auto p-2">
          {page === "new-ticket" ? (
            query.trim() ? (
              <Item value="create" onSelect={() => void createTicket(query.trim())}>
                Create “{query.trim()}”
              </Item>
            ) : (
              <p className="px-2 py-1.5 text-sm text-zinc-500 dark:text-zinc-400">Type the title, then Enter. Esc goes back.</p>
            )
          ) : (
            <>
              {search.searching ? <Command.Loading>Searching…</Command.Loading> : null}
              {(["Actions", "Pages"] as const).map((group) => (
                <Group key={group} heading={group}>
                  {shown
                    .filter((command) => command.group === group)
                    .map((command) => (
                      <Item key={command.id} value={command.id} onSelect={() => perform(command)}>
                        {command.label}
                      </Item>
                    ))}
                </Group>
              ))}
              <Group heading="Tickets">
                {results?.tickets.map((ticket) => (
                  <Item key={ticket.id} value={`ticket:${ticket.id}`} onSelect={() => go(ticket.url)} hint={ticket.projectName}>
                    <span className="font-mono text-xs text-zinc-500 dark:text-zinc-400">{ticket.key}</span> {ticket.title}
                  </Item>
                ))}
              </Group>
              <Group heading="Projects">
                {results?.projects.map((found) => (
                  <Item key={found.id} value={`project:${found.id}`} onSelect={() => go(found.url)} hint={found.key}>
                    {found.name}
                  </Item>
                ))}
              </Group>
              <Group heading="Runs">
                {results?.runs.map((run) => (
                  <Item key={run.id} value={`run:${run.id}`} onSelect={() => go(run.url)} hint={run.status}>
                    <span className="font-mono text-xs text-zinc-500 dark:text-zinc-400">#{run.id}</span> {run.title}
                  </Item>
                ))}
              </Group>
              <Group heading="Repositories">
                {results?.repositories.map((repository) => (
                  <Item key={repository.id} value={`repository:${repository.id}`} onSelect={() => go(repository.url)}>
                    {repository.fullName}
                  </Item>
                ))}
              </Group>
              {!search.searching ? (
                <Command.Empty className="px-2 py-1.5 text-sm text-zinc-500 dark:text-zinc-400">Nothing matches.</Command.Empty>
              ) : null}
            </>
          )}
        </Command.List>
      </Command>
    </Dialog.Content>
  );
}

/** A group that takes no room when nothing in it matched. */
function Group(props: { heading: string; children: ReactNode }) {
  const items = Array.isArray(props.children) ? props.children.filter(Boolean) : props.children ? [props.children] : [];
  if (items.length === 0) return null;
  return (
    <Command.Group
      heading={props.heading}
      className="[&_[cmdk-group-heading]]:px-2 [&_[cmdk-group-heading]]:pb-1 [&_[cmdk-group-heading]]:pt-2 [&_[cmdk-group-heading]]:text-xs [&_[cmdk-group-heading]]:font-semibold [&_[cmdk-group-heading]]:text-zinc-500 dark:[&_[cmdk-group-heading]]:text-zinc-400"
    >
      {props.children}
    </Command.Group>
  );
}

function Item(props: { value: string; onSelect: () => void; hint?: string; children: ReactNode }) {
  return (
    <Command.Item
      value={props.value}
      onSelect={props.onSelect}
      className="flex cursor-pointer items-center gap-2 rounded-md px-2 py-1.5 text-sm data-[selected=true]:bg-lime-100 data-[selected=true]:text-lime-900 dark:data-[selected=true]:bg-lime-900/40 dark:data-[selected=true]:text-lime-100"
    >
      <span className="min-w-0 flex-1 truncate">{props.children}</span>
      {props.hint ? <span className="shrink-0 text-xs text-zinc-500 dark:text-zinc-400">{props.hint}</span> : null}
    </Command.Item>
  );
}
