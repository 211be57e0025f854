import type { TokenTotals } from "./format";

/** A run event as the events subscription delivers it. */
export type RunEvent = { seq: number; type: string; payload: Record<string, unknown>; createdAt: string | Date };

export type TranscriptItem =
  | { kind: "message"; key: string; text: string; streaming: boolean; interrupted: boolean }
  | { kind: "user"; key: string; text: string }
  | {
      kind: "tool";
      key: string;
      name: string;
      input: unknown;
      result?: { content: string; isError: boolean; durationMs: number };
    }
  | { kind: "status"; key: string; status: string; reason?: string }
  | { kind: "log"; key: string; level: string; message: string }
  | { kind: "error"; key: string; message: string }
  | { kind: "artifact"; key: string; title: string; artifactKind: string; markdown: string }
  | { kind: "diff"; key: string; files: DiffFileSummary[]; patch: string }
  | { kind: "child"; key: string; text: string }
  | { kind: "pull_request"; key: string; number: number; url: string; branch: string; repository: string; title: string }
  | {
      kind: "compaction";
      key: string;
      maskedResults: number;
      droppedMessages: number;
      promptTokensBefore: number;
      promptTokensAfter: number;
      summary: string;
    };

export type DiffFileSummary = { filePath: string; changeType: string; additions: number; deletions: number };

export type Transcript = {
  items: TranscriptItem[];
  lastSeq: number;
  status: string | null;
  /** When the status event that ended the run was written: a finished run's duration stops there. */
  endedAt: string | Date | null;
  totals: (TokenTotals & { costMicroUsd: number }) | null;
};

export const emptyTranscript: Transcript = { items: [], lastSeq: 0, status: null, endedAt: null, totals: null };

const ENDED = new Set(["completed", "failed", "cancelled"]);

const str = (value: unknown) => (typeof value === "string" ? value : value == null ? "" : JSON.stringify(value));

/**
 * Folds run events into what the transcript shows: streamed deltas join their
 * message, tool results fold into their call, usage updates the totals. Pure,
 * so replay and live events go through the same path; events at or below the
 * last seq seen are ignored (a resumed stream never duplicates).
 */
export function applyRunEvents(state: Transcript, events: RunEvent[]): Transcript {
  let items = state.items;
  let { lastSeq, status, endedAt, totals } = state;
  const copy = () => {
    if (items === state.items) items = [...items];
  };
  for (const event of events) {
    if (event.seq <= lastSeq) continue;
    lastSeq = event.seq;
    const p = event.payload;
    const key = `e${event.seq}`;
    switch (event.type) {
      case "message_delta": {
        copy();
        const id = `m-${str(p.messageId)}`;
        const index = items.findIndex((item) => item.key === id);
        if (index >= 0) {
          const item = items[index] as Extract<TranscriptItem, { kind: "message" }>;
          items[index] = { ...item, text: item.text + str(p.text) };
        } else items.push({ kind: "message", key: id, text: str(p.text), streaming: true, interrupted: false });
        break;
      }
      case "message": {
        copy();
        const id = `m-${str(p.messageId)}`;
        const index = items.findIndex((item) => item.key === id);
        const item = {
          kind: "message" as const,
          key: id,
          text: str(p.text),
          streaming: false,
          interrupted: Boolean(p.interrupted),
        };
        if (index >= 0) items[index] = item;
        else items.push(item);
        break;
      }
      case "user_message":
        copy();
        items.push({ kind: "user", key, text: str(p.text) });
        break;
      case "tool_call":
        copy();
        items.push({ kind: "tool", key: `t-${str(p.toolCallId)}`, name: str(p.name), input: p.input });
        break;
      case "tool_result": {
        copy();
        const id = `t-${str(p.toolCallId)}`;
        const index = items.findIndex((item) => item.key === id);
        const result = { content: str(p.content), isError: Boolean(p.isError), durationMs: Number(p.durationMs ?? 0) };
        if (index >= 0) items[index] = { ...(items[index] as Extract<TranscriptItem, { kind: "tool" }>), result };
        else items.push({ kind: "tool", key: id, name: str(p.name), input: undefined, result });
        break;
      }
      case "status":
        copy();
        status = str(p.status);
        // A run that ended (cancelled mid-sentence, say) streams no more: no message keeps its cursor.
        endedAt = ENDED.has(status) ? event.createdAt : null;
        if (ENDED.has(status))
          items = items.map((item) => (item.kind === "message" && item.streaming ? { ...item, streaming: false } : item));
        items.push({ kind: "status", key, status, reason: p.reason ? str(p.reason) : undefined });
        break;
      case "log":
        copy();
        items.push({ kind: "log", key, level: str(p.level) || "info", message: str(p.message) });
        break;
      case "budget":
        copy();
        items.push({
          kind: p.level === "stop" ? "error" : "log",
          key,
          level: "warn",
          message: `Budget: ${str(p.message)}`,
        } as TranscriptItem);
        break;
      case "error":
        copy();
        items.push({ kind: "error", key, message: str(p.message) });
        break;
      case "artifact":
        copy();
        items.push({ kind: "artifact", key, title: str(p.title), artifactKind: str(p.kind), markdown: str(p.markdown) });
        break;
      case "diff":
        copy();
        items.push({ kind: "diff", key, files: (p.files as DiffFileSummary[]) ?? [], patch: str(p.patch) });
        break;
      case "compaction":
        copy();
        items.push({
          kind: "compaction",
          key,
          maskedResults: Number(p.maskedResults ?? 0),
          droppedMessages: Number(p.droppedMessages ?? 0),
          promptTokensBefore: Number(p.promptTokensBefore ?? 0),
          promptTokensAfter: Number(p.promptTokensAfter ?? 0),
          summary: str(p.summary),
        });
        break;
      case "children":
        copy();
        items.push({
          kind: "child",
          key,
          text: `Started ${((p.runs as unknown[]) ?? []).length} sub-runs (${str(p.mode)}) for the feature "${str(p.feature)}".`,
        });
        break;
      case "child_status":
        copy();
        items.push({
          kind: "child",
          key,
          text: `Sub-run #${str(p.runId)} ${str(p.status)}${p.prUrl ? ` — ${str(p.prUrl)}` : ""}${p.error ? `: ${str(p.error)}` : ""}`,
        });
        break;
      case "pull_request":
        copy();
        items.push({
          kind: "pull_request",
          key,
          number: Number(p.number),
          url: str(p.url),
          branch: str(p.branch),
          repository: str(p.repository),
          title: str(p.title),
        });
        break;
      case "usage":
        totals = (p.total as Transcript["totals"]) ?? totals;
        break;
    }
  }
  return { items, lastSeq, status, endedAt, totals };
}
