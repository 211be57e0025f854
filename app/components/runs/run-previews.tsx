import { useEffect, useState } from "react";
import { useWorkspaceChange } from "~/components/ui/workspace-events";
import { useCanCall } from "~/permissions";
import { errorMessage, trpc } from "~/trpc";

type Previews = Awaited<ReturnType<typeof trpc.previews.list.query>>;
type Clusters = Awaited<ReturnType<typeof trpc.k8sClusters.list.query>>;

/** A run's (or a ticket's) preview deployments, and "Deploy preview" for the run's branch. */
export function RunPreviews(props: {
  runId?: number;
  ticketId?: number;
  branch?: { repositoryId: number; name: string } | null;
}) {
  const [previews, setPreviews] = useState<Previews>([]);
  const [clusters, setClusters] = useState<Clusters>([]);
  const [error, setError] = useState<string | null>(null);
  const canDeploy = useCanCall("previews.deploy");
  const load = async () => {
    try {
      const [list, available] = await Promise.all([
        trpc.previews.list.query({ runId: props.runId, ticketId: props.ticketId }),
        props.branch ? trpc.k8sClusters.list.query() : Promise.resolve([] as Clusters),
      ]);
      setPreviews(list);
      setClusters(available.filter((cluster) => cluster.status === "ready"));
    } catch (cause) {
      setError(errorMessage(cause));
    }
  };
  useWorkspaceChange(["preview"], () => void load());
  useEffect(() => {
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.runId, props.ticketId]);
  if (previews.length === 0 && (!props.branch || clusters.length === 0)) return null;
  return (
    <div className="flex flex-wrap items-center gap-2 text-xs" data-testid="previews">
      <span className="text-zinc-500 dark:text-zinc-400">Previews:</span>
      {previews.map((preview) => (
        <a
          key={preview.id}
          href={preview.url ?? `http://${preview.host}`}
          target="_blank"
          rel="noreferrer"
          className="font-mono text-sky-700 hover:underline dark:text-sky-300"
        >
          {preview.host} ({preview.status})
        </a>
      ))}
      {props.branch && clusters.length ? (
        <button
          type="button"
          {...canDeploy.control()}
          className="rounded border border-zinc-300 px-2 py-0.5 dark:border-zinc-700"
          onClick={async () => {
            setError(null);
            try {
              await trpc.previews.deploy.mutate({
                clusterId: clusters[0]!.id,
                repositoryId: props.branch!.repositoryId,
                branch: props.branch!.name,
                runId: props.runId ?? null,
                ticketId: props.ticketId ?? null,
              });
              await load();
            } catch (cause) {
              setError(errorMessage(cause));
            }
          }}
        >
          Deploy preview on {clusters[0]!.name}
        </button>
      ) : null}
      {error ? <span className="text-red-700 dark:text-red-400">{error}</span> : null}
    </div>
  );
}
