import { useEffect, useRef } from "react";
import Markdown from "react-markdown";
import { DiffView } from "./diff-view";
import type { Transcript, TranscriptItem } from "./transcript";

/** The streaming transcript: one card per event kind, newest at the bottom, following the stream while you are at the bottom. */
export function RunTranscript({ transcript, connection }: { transcript: Transcript; connection: string }) {
  const end = useRef<HTMLDivElement>(null);
  const container = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  useEffect(() => {
    if (stick.current) end.current?.scrollIntoView({ block: "end" });
  }, [transcript]);

  return (
    <div
      ref={container}
      data-testid="transcript"
      role="log"
      aria-label="Transcript"
      aria-live="polite"
      // It scrolls on its own, so a keyboard user must be able to focus it to scroll it.
      tabIndex={0}
      onScroll={(event) => {
        const el = event.currentTarget;
        stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
      }}
      className="flex min-h-0 flex-1 flex-col gap-3 overflow-y-auto"
    >
      {transcript.items.length === 0 ? (
        <p className="py-8 text-center text-sm text-zinc-500 dark:text-zinc-400">
          {connection === "connecting" ? "Connecting to the run…" : "Waiting for the agent to start…"}
        </p>
      ) : null}
      {transcript.items.map((item) => (
        <TranscriptCard key={item.key} item={item} />
      ))}
      <div ref={end} />
    </div>
  );
}

function TranscriptCard({ item }: { item: TranscriptItem }) {
  switch (item.kind) {
    case "message":
      return (
        <div
          data-testid="event-message"
          className="markdown rounded-lg bg-white p-3 shadow-sm ring-1 ring-zinc-200 dark:bg-zinc-900 dark:ring-zinc-800"
        >
          <Markdown>{item.text}</Markdown>
          {item.streaming ? <span className="inline-block h-3 w-1.5 animate-pulse bg-zinc-400" aria-label="streaming" /> : null}
          {item.interrupted ? (
            <p className="text-xs text-amber-700 dark:text-amber-400">The stream broke off here; the agent retried.</p>
          ) : null}
        </div>
      );
    case "user":
      return (
        <div
          data-testid="event-user"
          className="ml-auto max-w-[80%] rounded-lg bg-lime-100 p-3 text-sm text-lime-950 dark:bg-lime-900/40 dark:text-lime-50"
        >
          <p className="mb-1 text-xs font-medium uppercase text-lime-800 dark:text-lime-300">You</p>
          <p className="whitespace-pre-wrap">{item.text}</p>
        </div>
      );
    case "tool":
      return (
        <details data-testid="event-tool" className="rounded-lg border border-zinc-200 text-sm dark:border-zinc-800">
          <summary className="flex cursor-pointer items-center gap-2 px-3 py-2">
            <span className="font-mono text-xs font-semibold">{item.name}</span>
            <span className="truncate font-mono text-xs text-zinc-500 dark:text-zinc-400">{summariseInput(item.input)}</span>
            <span className="ml-auto text-xs">
              {!item.result ? (
                <span className="text-sky-700 dark:text-sky-300">running…</span>
              ) : item.result.isError ? (
                <span className="text-red-700 dark:text-red-400">error</span>
              ) : (
                <span className="text-zinc-500 dark:text-zinc-400">{item.result.durationMs} ms</span>
              )}
            </span>
          </summary>
          <div className="border-t border-zinc-200 px-3 py-2 dark:border-zinc-800">
            <pre className="overflow-x-auto whitespace-pre-wrap text-xs text-zinc-600 dark:text-zinc-300">
              {JSON.stringify(item.input, null, 2)}
            </pre>
            {item.result ? (
              <pre
                data-testid="tool-result"
                className={`mt-2 max-h-80 overflow-auto whitespace-pre-wrap rounded bg-zinc-50 p-2 text-xs dark:bg-zinc-950 ${item.result.isError ? "text-red-700 dark:text-red-400" : ""}`}
              >
                {item.result.content}
              </pre>
            ) : null}
          </div>
        </details>
      );
    case "status":
      return (
        <p data-testid="event-status" className="text-center text-xs text-zinc-500 dark:text-zinc-400">
          — {item.status}
          {item.reason ? `: ${item.reason}` : ""} —
        </p>
      );
    case "log":
      return (
        <p
          data-testid="event-log"
          className={`font-mono text-xs ${item.level === "warn" ? "text-amber-700 dark:text-amber-400" : "text-zinc-500 dark:text-zinc-400"}`}
        >
          {item.message}
        </p>
      );
    case "error":
      return (
        <div
          data-testid="event-error"
          role="alert"
          className="rounded-lg border border-red-200 bg-red-50 p-3 text-sm text-red-800 dark:border-red-900 dark:bg-red-950/40 dark:text-red-200"
        >
          {item.message}
        </div>
      );
    case "artifact":
      return (
        <div
          data-testid="event-artifact"
          className="rounded-lg border border-lime-300 bg-lime-50/50 p-3 dark:border-lime-800 dark:bg-lime-950/20"
        >
          <p className="mb-2 text-xs font-semibold uppercase tracking-wide text-lime-800 dark:text-lime-300">{item.title}</p>
          <div className="markdown">
            <Markdown>{item.markdown}</Markdown>
          </div>
        </div>
      );
    case "diff":
      return (
        <div data-testid="event-diff" className="rounded-lg border border-zinc-200 p-3 dark:border-zinc-800">
          <p className="mb-2 text-xs font-semibold uppercase tracking-wide text-zinc-500 dark:text-zinc-400">
            Changes · {item.files.length} file{item.files.length === 1 ? "" : "s"}
          </p>
          <DiffView patch={item.patch} />
        </div>
      );
    case "child":
      return (
        <p data-testid="event-child" className="text-xs text-zinc-600 dark:text-zinc-300">
          {item.text}
        </p>
      );
    case "pull_request":
      return (
        <div
          data-testid="event-pull-request"
          className="rounded-lg border border-sky-300 bg-sky-50 p-3 text-sm dark:border-sky-800 dark:bg-sky-950/30"
        >
          <p className="text-xs font-semibold uppercase tracking-wide text-sky-800 dark:text-sky-300">Pull request opened</p>
          <a
            href={item.url}
            target="_blank"
            rel="noreferrer"
            className="mt-1 block font-medium text-sky-900 underline dark:text-sky-200"
          >
            {item.repository}#{item.number} · {item.title}
          </a>
          <p className="mt-1 font-mono text-xs text-zinc-500 dark:text-zinc-400">{item.branch}</p>
        </div>
      );
    case "compaction":
      return (
        <details
          data-testid="event-compaction"
          className="rounded-lg border border-dashed border-zinc-300 px-3 py-2 text-xs text-zinc-500 dark:text-zinc-400 dark:border-zinc-700"
        >
          <summary className="cursor-pointer">
            Context compacted: {item.maskedResults} old tool outputs masked
            {item.droppedMessages ? `, ${item.droppedMessages} earlier messages summarised` : ""} (prompt{" "}
            {item.promptTokensBefore.toLocaleString("en-US")} → about {item.promptTokensAfter.toLocaleString("en-US")} tokens)
          </summary>
          {item.summary ? <p className="mt-2 whitespace-pre-wrap">{item.summary}</p> : null}
        </details>
      );
  }
}

function summariseInput(input: unknown) {
  if (!input || typeof input !== "object") return String(input ?? "");
  const record = input as Record<string, unknown>;
  const main = record.path ?? record.command ?? record.pattern ?? record.summary;
  return typeof main === "string" ? main.slice(0, 120) : "";
}
