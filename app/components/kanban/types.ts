export type Priority = "urgent" | "high" | "medium" | "low";

export type BoardColumn = { key: string; name: string; wipLimit?: number | null };

export type Card = {
  id: number;
  key: string;
  number: number;
  title: string;
  columnKey: string;
  rank: string;
  priority: Priority;
  labels: string[];
  ciStatus: string | null;
  archivedAt?: string | Date | null;
  assignee: { id: number; login: string; avatarUrl: string | null } | null;
  /** Absent from a move's result (a move does not change it): keep the card's own. */
  latestRun?: CardRun | null;
};

export type CardRun = { id: number; status: string; prNumber: number | null; prUrl: string | null; costMicroUsd: number };

export type Member = { id: number; login: string; name: string | null; avatarUrl: string | null };

/** Tickets per column, each list in rank order. */
export type Lanes = Record<string, Card[]>;

export const PRIORITIES: Priority[] = ["urgent", "high", "medium", "low"];

export function toLanes(columns: BoardColumn[], cards: Card[]): Lanes {
  const lanes: Lanes = Object.fromEntries(columns.map((column) => [column.key, [] as Card[]]));
  for (const card of cards) lanes[card.columnKey]?.push(card);
  for (const key of Object.keys(lanes)) lanes[key]!.sort(byRank);
  return lanes;
}

// Byte order, as the server's `collate "C"` ranks compare.
export const byRank = (a: Card, b: Card) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0);

/** Puts a card where its (server-given) column and rank say, replacing any older copy. */
export function upsertCard(lanes: Lanes, update: Card): Lanes {
  const old = Object.values(lanes)
    .flat()
    .find((candidate) => candidate.id === update.id);
  const card = update.latestRun === undefined && old ? { ...update, latestRun: old.latestRun } : update;
  const next = removeCard(lanes, card.id);
  if (!next[card.columnKey]) return next;
  next[card.columnKey] = [...next[card.columnKey]!, card].sort(byRank);
  return next;
}

export function removeCard(lanes: Lanes, id: number): Lanes {
  const next: Lanes = {};
  for (const [key, cards] of Object.entries(lanes)) next[key] = cards.filter((card) => card.id !== id);
  return next;
}

export function findLane(lanes: Lanes, id: number) {
  return Object.keys(lanes).find((key) => lanes[key]!.some((card) => card.id === id));
}
