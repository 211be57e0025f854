import { Link } from "@remix-run/react";
import { useState, type FormEvent } from "react";
import { useCanCall } from "~/permissions";
import { errorMessage, trpc } from "~/trpc";
import { formatCost, formatUsage } from "./format";
import { QueueReasonLine, type QueueReason } from "./queue-reason";
import { RunChildren } from "./run-children";
import { RunTranscript } from "./run-transcript";
import { StatusBadge } from "./status-badge";
import { useRunTranscript } from "./use-run-transcript";
import { useConfirm } from "~/components/ui/confirm-dialog";
import { FieldError, FormSummary, useForm } from "~/components/ui/form";
import { Duration } from "~/components/ui/date-time";

export type RunSummary = {
  id: number;
  provider: string;
  model: string;
  mode: string;
  status: string;
  prompt: string;
  inputTokens: number;
  outputTokens: number;
  cacheWriteTokens?: number;
  cacheReadTokens?: number;
  costMicroUsd: number;
  createdAt: string | Date;
  startedAt: string | Date | null;
  finishedAt: string | Date | null;
  projectKey: string | null;
  ticketKey: string | null;
  ticketTitle: string | null;
  error: string | null;
  prUrl?: string | null;
  prNumber?: number | null;
  branchName?: string | null;
  orchestrationMode?: string | null;
  /** The limit that ended the run (its work kept), if one did. */
  stopReason?: string | null;
};

/** What each limit means to the person reading the run. */
const STOP_REASONS: Record<string, string> = {
  turns: "it reached its turn limit",
  cost: "it reached its cost limit",
  time: "it reached its time limit",
  budget: "the project's budget was spent",
  cancelled: "a user stopped it",
  stuck: "it was going in circles",
  no_finish: "it stopped without calling finish",
};

/** A run's header, live transcript, follow-up box and cancel button; a queued run says why it waits. */
export function RunPanel({ run, queueReason }: { run: RunSummary; queueReason?: QueueReason | null }) {
  const { transcript, connection, error } = useRunTranscript(run.id);
  const status = transcript.status ?? run.status;
  const totals = transcript.totals ?? run;
  const active = status === "queued" || status === "running";
  const livePull = transcript.items.find((item) => item.kind === "pull_request");
  const pull =
    livePull?.kind === "pull_request"
      ? { url: livePull.url, number: livePull.number }
      : run.prUrl
        ? { url: run.prUrl, number: run.prNumber }
        : null;

  return (
    <section className="flex min-h-0 flex-1 flex-col gap-3" aria-label={`Run ${run.id}`}>
      <header className="flex flex-wrap items-center gap-x-4 gap-y-1 border-b border-zinc-200 pb-3 text-sm dark:border-zinc-800">
        <h1 className="text-lg font-semibold">Run #{run.id}</h1>
        <StatusBadge status={status} />
        <span className="text-zinc-500 dark:text-zinc-400">
          {run.provider} · <span className="font-mono">{run.model}</span> · {run.mode}
        </span>
        {run.ticketKey ? (
          <Link
            to={`/projects/${run.projectKey}?ticket=${run.ticketKey}`}
            title={run.ticketTitle ?? undefined}
            className="line-clamp-2 min-w-0 text-lime-700 [overflow-wrap:anywhere] hover:underline dark:text-lime-400"
          >
            {run.ticketKey} {run.ticketTitle}
          </Link>
        ) : run.projectKey ? (
          <Link to={`/projects/${run.projectKey}`} className="text-lime-700 hover:underline dark:text-lime-400">
            {run.projectKey}
          </Link>
        ) : null}
        {pull ? (
          <a
            href={pull.url}
            target="_blank"
            rel="noreferrer"
            data-testid="run-pr"
            className="text-sky-700 hover:underline dark:text-sky-400"
          >
            PR #{pull.number}
          </a>
        ) : run.branchName ? (
          <span className="font-mono text-xs text-zinc-500 dark:text-zinc-400">{run.branchName}</span>
        ) : null}
        <span className="ml-auto flex items-center gap-3 text-xs text-zinc-500 dark:text-zinc-400">
          <span title="Input, cache write, cache read and output tokens" data-testid="run-tokens">
            {formatUsage(totals)}
          </span>
          <span data-testid="run-cost">{formatCost(totals.costMicroUsd)}</span>
          <span data-testid="run-duration">
            <Duration from={run.startedAt ?? run.createdAt} to={active ? null : (transcript.endedAt ?? run.finishedAt)} />
          </span>
          <ConnectionDot connection={connection} />
        </span>
        {active ? <CancelButton runId={run.id} canKeepWork={status === "running" && !run.orchestrationMode} /> : null}
      </header>
      <QueueReasonLine reason={queueReason} queued={status === "queued"} />
      {run.stopReason && !active ? (
        <p data-testid="run-stop-reason" className="text-sm text-amber-800 dark:text-amber-300">
          Stopped because {STOP_REASONS[run.stopReason] ?? run.stopReason}. The work so far was kept
          {pull ? ", and went out as a draft pull request." : "."}
        </p>
      ) : null}
      <details className="text-sm">
        <summary className="cursor-pointer text-zinc-500 dark:text-zinc-400">Prompt</summary>
        <p className="mt-1 whitespace-pre-wrap rounded-md bg-zinc-50 p-2 dark:bg-zinc-900">{run.prompt}</p>
      </details>
      {error ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
      {run.orchestrationMode ? (
        <RunChildren
          runId={run.id}
          version={transcript.items.filter((item) => item.kind === "child").length + (status === "running" ? 0 : 1)}
        />
      ) : null}
      <RunTranscript transcript={transcript} connection={connection} />
      {active ? <FollowUpBox runId={run.id} /> : null}
    </section>
  );
}

function ConnectionDot({ connection }: { connection: string }) {
  const label =
    connection === "live" ? "Live" : connection === "ended" ? "Finished" : connection === "error" ? "Disconnected" : "Connecting";
  const color =
    connection === "live"
      ? "bg-lime-500"
      : connection === "ended"
        ? "bg-zinc-400"
        : connection === "error"
          ? "bg-red-500"
          : "bg-amber-400";
  return (
    <span className="flex items-center gap-1" data-testid="run-connection">
      <span className={`h-2 w-2 rounded-full ${color}`} aria-hidden />
      {label}
    </span>
  );
}

function CancelButton({ runId, canKeepWork }: { runId: number; canKeepWork: boolean }) {
  const [pending, setPending] = useState<"cancel" | "keep" | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirm, dialog] = useConfirm();
  const canCancel = useCanCall("agentRuns.cancel");
  async function stop(keepWork: boolean) {
    const sure = await confirm(
      keepWork
        ? {
            title: `Stop run #${runId} and keep its work?`,
            description:
              "The agent stops now. Its changes so far are kept: the diff is stored and, for implement and bugfix runs, pushed as a draft pull request marked incomplete.",
            confirmLabel: "Stop and keep work",
            cancelLabel: "Keep running",
          }
        : {
            title: `Cancel run #${runId}?`,
            description: "The agent stops at once; what it has not pushed yet is lost.",
            confirmLabel: "Cancel run",
            cancelLabel: "Keep running",
          },
    );
    if (!sure) return;
    setPending(keepWork ? "keep" : "cancel");
    setError(null);
    try {
      await trpc.agentRuns.cancel.mutate({ runId, keepWork });
    } catch (cause) {
      setError(errorMessage(cause));
    } finally {
      setPending(null);
    }
  }
  return (
    <span className="flex items-center gap-2">
      {dialog}
      {canKeepWork ? (
        <button
          type="button"
          {...canCancel.control(pending !== null)}
          onClick={() => void stop(true)}
          className="rounded-md border border-zinc-300 px-3 py-1 text-sm hover:bg-zinc-50 disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-800"
        >
          {pending === "keep" ? "Stopping…" : "Stop and keep work"}
        </button>
      ) : null}
      <button
        type="button"
        {...canCancel.control(pending !== null)}
        onClick={() => void stop(false)}
        className="rounded-md border border-red-300 px-3 py-1 text-sm text-red-700 hover:bg-red-50 disabled:opacity-50 dark:border-red-800 dark:text-red-300 dark:hover:bg-red-950/40"
      >
        {pending === "cancel" ? "Cancelling…" : "Cancel run"}
      </button>
      {error ? (
        <span role="alert" className="text-xs text-red-700 dark:text-red-400">
          {error}
        </span>
      ) : null}
    </span>
  );
}

function FollowUpBox({ runId }: { runId: number }) {
  const [text, setText] = useState("");
  const canSend = useCanCall("agentRuns.sendMessage");
  // The transcript streams the message in; nothing on the page needs reloading.
  const form = useForm({ revalidate: false, fieldOf: (path) => (path === "text" ? "text" : null) });
  async function send(event: FormEvent) {
    event.preventDefault();
    if (!text.trim() || form.pending) return;
    await form.submit(async () => {
      await trpc.agentRuns.sendMessage.mutate({ runId, text });
      setText("");
    });
  }
  return (
    <form
      noValidate
      onSubmit={send}
      className="flex flex-col gap-1 border-t border-zinc-200 pt-3 dark:border-zinc-800"
      aria-label="Message the agent"
    >
      <div className="flex gap-2">
        <label htmlFor={`follow-up-${runId}`} className="sr-only">
          Message the agent
        </label>
        <input
          id={`follow-up-${runId}`}
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="Steer the agent: it reads your message before its next step"
          className="flex-1 rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm aria-[invalid=true]:border-red-600 dark:border-zinc-700 dark:bg-zinc-900 dark:aria-[invalid=true]:border-red-400"
          {...form.field("text")}
        />
        <button
          type="submit"
          {...canSend.control(form.pending || !text.trim())}
          className="rounded-md bg-zinc-800 px-3 py-1.5 text-sm text-white disabled:opacity-50 dark:bg-zinc-200 dark:text-zinc-900"
        >
          {form.pending ? "Sending…" : "Send"}
        </button>
      </div>
      <FieldError {...form.error("text")} />
      <FormSummary message={form.errors.summary} />
    </form>
  );
}
