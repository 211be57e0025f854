import type { RefObject } from "react";
import { PRIORITIES, type Card, type Member } from "./types";

export type Filters = { text: string; assignee: string; priority: string; label: string };

export const NO_FILTERS: Filters = { text: "", assignee: "", priority: "", label: "" };

export function matchesFilters(card: Card, filters: Filters) {
  const text = filters.text.trim().toLowerCase();
  if (text && !card.title.toLowerCase().includes(text) && !card.key.toLowerCase().includes(text)) return false;
  if (filters.assignee === "none" && card.assignee) return false;
  if (filters.assignee && filters.assignee !== "none" && String(card.assignee?.id) !== filters.assignee) return false;
  if (filters.priority && card.priority !== filters.priority) return false;
  if (filters.label && !card.labels.includes(filters.label)) return false;
  return true;
}

const selectClass = "rounded-md border border-zinc-300 bg-transparent px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-950";

export function BoardFilters(props: {
  filters: Filters;
  onChange: (filters: Filters) => void;
  members: Member[];
  labels: string[];
  inputRef: RefObject<HTMLInputElement>;
}) {
  const { filters } = props;
  const set = (patch: Partial<Filters>) => props.onChange({ ...filters, ...patch });
  const active = Object.values(filters).some(Boolean);
  return (
    <div className="ml-auto flex flex-wrap items-center gap-2" role="search">
      <input
        ref={props.inputRef}
        value={filters.text}
        onChange={(event) => set({ text: event.target.value })}
        onKeyDown={(event) => event.key === "Escape" && (event.currentTarget.blur(), set({ text: "" }))}
        placeholder="Filter ( / )"
        aria-label="Filter tickets by text"
        className={`${selectClass} w-44`}
      />
      <select
        aria-label="Filter by assignee"
        value={filters.assignee}
        onChange={(event) => set({ assignee: event.target.value })}
        className={selectClass}
      >
        <option value="">Anyone</option>
        <option value="none">Unassigned</option>
        {props.members.map((member) => (
          <option key={member.id} value={member.id}>
            {member.login}
          </option>
        ))}
      </select>
      <select
        aria-label="Filter by priority"
        value={filters.priority}
        onChange={(event) => set({ priority: event.target.value })}
        className={selectClass}
      >
        <option value="">Any priority</option>
        {PRIORITIES.map((priority) => (
          <option key={priority} value={priority}>
            {priority}
          </option>
        ))}
      </select>
      <select
        aria-label="Filter by label"
        value={filters.label}
        onChange={(event) => set({ label: event.target.value })}
        className={selectClass}
      >
        <option value="">Any label</option>
        {props.labels.map((label) => (
          <option key={label} value={label}>
            {label}
          </option>
        ))}
      </select>
      {active ? (
        <button
          type="button"
          onClick={() => props.onChange(NO_FILTERS)}
          className="text-sm text-zinc-500 dark:text-zinc-400 underline"
        >
          Clear
        </button>
      ) : null}
    </div>
  );
}
