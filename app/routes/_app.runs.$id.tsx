import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DiffView } from "~/components/runs/diff-view";
import { RunPanel } from "~/components/runs/run-panel";
import { RunPreviews } from "~/components/runs/run-previews";
import { invariantResponse } from "~/errors.server";
import { getEnv } from "~/env.server";
import { explainQueuedRun, getRunDetail, listCodeDiffs, listRunImages, listRunRepositories } from "~/runs.server";
import { requireIdentity } from "~/session.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Run #${data?.run.id ?? ""} · Assembly Lime` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { tenantId } = await requireIdentity(request);
  const runId = Number(params.id);
  const run = Number.isSafeInteger(runId) && runId > 0 ? await getRunDetail({ tenantId, runId }) : null;
  invariantResponse(run, "Run not found", { status: 404 });
  const [diffs, images, repositories, queueReason] = await Promise.all([
    listCodeDiffs({ tenantId, runId }),
    listRunImages({ tenantId, runId }),
    listRunRepositories({ tenantId, runId }),
    run.status === "queued" ? explainQueuedRun({ tenantId, runId, slots: getEnv().AGENT_RUN_CONCURRENCY }) : null,
  ]);
  const repo = repositories[0];
  return json({
    run,
    queueReason,
    diffs,
    images,
    branch: repo?.branchName ? { repositoryId: repo.repositoryId, name: repo.branchName } : null,
    pullRequest: repo?.prNumber
      ? { repository: repo.fullName, number: repo.prNumber, state: repo.prState, checks: repo.checksStatus }
      : null,
  });
}

export default function RunPage() {
  const { run, queueReason, diffs, images, branch, pullRequest } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto flex h-[calc(100vh-3.5rem)] max-w-5xl flex-col gap-4 p-6">
      <nav className="text-sm">
        <Link to="/runs" className="text-zinc-500 dark:text-zinc-400 hover:underline">
          ← Agent runs
        </Link>
      </nav>
      {images.length ? (
        <ul className="flex gap-2" aria-label="Images sent with the prompt">
          {images.map((image) => (
            <li key={image.id}>
              <a href={`/api/images/${image.id}`} target="_blank" rel="noreferrer">
                <img
                  src={`/api/images/${image.id}`}
                  alt={image.filename ?? "image"}
                  className="h-16 w-16 rounded border object-cover"
                />
              </a>
            </li>
          ))}
        </ul>
      ) : null}
      {pullRequest ? (
        <p className="text-xs text-zinc-500 dark:text-zinc-400" data-testid="run-pull-request">
          {pullRequest.repository}#{pullRequest.number} · {pullRequest.state ?? "open"}
          {pullRequest.checks ? (
            <span
              className={
                pullRequest.checks === "failure"
                  ? "text-red-700 dark:text-red-400"
                  : pullRequest.checks === "success"
                    ? "text-lime-700 dark:text-lime-400"
                    : ""
              }
            >
              {" "}
              · CI {pullRequest.checks}
            </span>
          ) : null}
        </p>
      ) : null}
      <RunPanel key={run.id} run={run} queueReason={queueReason} />
      <RunPreviews runId={run.id} branch={run.status === "completed" ? branch : null} />
      {run.resolvedPrompt ? (
        <details className="text-sm">
          <summary className="cursor-pointer text-zinc-500 dark:text-zinc-400">
            Resolved prompt (system prompt, instruction layers, task)
          </summary>
          <pre className="mt-1 max-h-96 overflow-auto whitespace-pre-wrap rounded-md bg-zinc-50 p-2 text-xs dark:bg-zinc-900">
            {run.resolvedPrompt}
          </pre>
        </details>
      ) : null}
      {diffs.length ? (
        <details className="text-sm" data-testid="files-changed">
          <summary className="cursor-pointer text-zinc-500 dark:text-zinc-400">
            Files changed ({diffs.length}) · +{diffs.reduce((sum, d) => sum + d.additions, 0)} −
            {diffs.reduce((sum, d) => sum + d.deletions, 0)}
          </summary>
          <div className="mt-2">
            <DiffView patch={diffs.map((d) => d.diff).join("\n")} />
          </div>
        </details>
      ) : null}
    </div>
  );
}
