import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useState, type FormEvent } from "react";
import { DateTime } from "~/components/ui/date-time";
import { useConfirm } from "~/components/ui/confirm-dialog";
import { FieldError, FormSummary, inputClass, RowError, useForm } from "~/components/ui/form";
import { useRevalidatingAction } from "~/components/ui/use-revalidating-action";
import { listClusters } from "~/kubernetes.server";
import { useCanCall } from "~/permissions";
import { requireIdentity } from "~/session.server";
import { trpc } from "~/trpc";

export const meta: MetaFunction = () => [{ title: "Clusters · Assembly Lime" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { tenantId } = await requireIdentity(request);
  return json({ clusters: await listClusters({ tenantId }) });
}

const box = inputClass;
type SyncInfo = {
  error?: string | null;
  nodes?: Array<{ name: string; ready: boolean; cpu: string | null; memory: string | null }>;
  quota?: { cpu: string; memory: string; pods: number };
};

/** Kubernetes clusters: register with a kubeconfig, sync (test, provision the namespace), delete. */
export default function ClustersPage() {
  const { clusters } = useLoaderData<typeof loader>();
  const [name, setName] = useState("");
  const [kubeconfig, setKubeconfig] = useState("");
  const { act, error, rowError, pending } = useRevalidatingAction();
  const [confirm, dialog] = useConfirm();
  const form = useForm();
  const [canRegister, canSync, canDelete] = [
    useCanCall("k8sClusters.register"),
    useCanCall("k8sClusters.sync"),
    useCanCall("k8sClusters.delete"),
  ];

  const register = (event: FormEvent) => {
    event.preventDefault();
    void form.submit(async () => {
      await trpc.k8sClusters.register.mutate({ name, kubeconfig });
      setName("");
      setKubeconfig("");
    });
  };

  return (
    <div className="mx-auto max-w-5xl p-6">
      {dialog}
      <h1 className="text-2xl font-semibold">Clusters</h1>
      <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">
        Runs, previews and sandboxes can execute on Kubernetes. Registering provisions the namespace for this workspace. See
        docs/kubernetes.md.
      </p>
      <form
        noValidate
        onSubmit={register}
        className="mt-6 flex flex-col gap-2 rounded-md border border-zinc-200 p-4 dark:border-zinc-800"
        aria-label="Register a cluster"
      >
        <input
          aria-label="Cluster name"
          placeholder="Name (e.g. production)"
          value={name}
          onChange={(e) => setName(e.target.value)}
          className={box}
          {...form.field("name")}
        />
        <FieldError {...form.error("name")} />
        <textarea
          aria-label="Kubeconfig"
          placeholder="Paste a kubeconfig (it is encrypted and never written to disk)"
          rows={6}
          value={kubeconfig}
          onChange={(e) => setKubeconfig(e.target.value)}
          className={`${box} font-mono text-xs`}
          {...form.field("kubeconfig")}
        />
        <FieldError {...form.error("kubeconfig")} />
        <FormSummary message={form.errors.summary} />
        <button
          type="submit"
          {...canRegister.control(!name || !kubeconfig || pending !== null || form.pending)}
          className="self-end rounded-md bg-lime-700 px-3 py-1.5 text-sm text-white disabled:opacity-50"
        >
          {form.pending ? "Connecting and provisioning…" : "Register cluster"}
        </button>
      </form>
      {error ? (
        <p role="alert" className="mt-3 text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
      <ul className="mt-6 flex flex-col gap-3" aria-label="Clusters">
        {clusters.length === 0 ? (
          <li className="text-sm text-zinc-500 dark:text-zinc-400">No clusters yet: runs execute on this machine.</li>
        ) : null}
        {clusters.map((cluster) => {
          const info = cluster.syncInfo as SyncInfo;
          return (
            <li
              key={cluster.id}
              className="rounded-md border border-zinc-200 p-4 text-sm dark:border-zinc-800"
              data-testid="cluster"
            >
              <div className="flex flex-wrap items-center gap-3">
                <strong>{cluster.name}</strong>
                <span
                  data-testid="cluster-status"
                  className={`rounded-full px-2 py-0.5 text-xs ${cluster.status === "ready" ? "bg-lime-100 text-lime-800" : cluster.status === "error" ? "bg-red-100 text-red-800" : "bg-zinc-100"}`}
                >
                  {cluster.status}
                </span>
                <span className="font-mono text-xs text-zinc-500 dark:text-zinc-400">{cluster.serverUrl}</span>
                {cluster.serverVersion ? (
                  <span className="text-xs text-zinc-500 dark:text-zinc-400">{cluster.serverVersion}</span>
                ) : null}
                <span className="ml-auto flex gap-2">
                  <button
                    type="button"
                    {...canSync.control(pending !== null || form.pending)}
                    className="rounded-md border border-zinc-300 px-2 py-1 text-xs dark:border-zinc-700"
                    onClick={() =>
                      act(() => trpc.k8sClusters.sync.mutate({ clusterId: cluster.id }), `sync-${cluster.id}`, `${cluster.id}`)
                    }
                  >
                    {pending === `sync-${cluster.id}` ? "Syncing…" : "Sync"}
                  </button>
                  <button
                    type="button"
                    {...canDelete.control(pending !== null || form.pending)}
                    className="rounded-md px-2 py-1 text-xs text-red-700 dark:text-red-400"
                    onClick={async () => {
                      if (
                        await confirm({
                          title: `Delete the cluster ${cluster.name}?`,
                          description: `Its namespace ${cluster.namespace ?? ""} and everything in it are deleted.`,
                          confirmLabel: "Delete cluster",
                        })
                      )
                        void act(
                          () => trpc.k8sClusters.delete.mutate({ clusterId: cluster.id }),
                          `delete-${cluster.id}`,
                          `${cluster.id}`,
                        );
                    }}
                  >
                    Delete
                  </button>
                </span>
              </div>
              <RowError message={rowError(`${cluster.id}`)} />
              {info.error ? <p className="mt-2 text-xs text-red-700 dark:text-red-400">{info.error}</p> : null}
              <p className="mt-2 text-xs text-zinc-500 dark:text-zinc-400">
                Namespace <span className="font-mono">{cluster.namespace ?? "—"}</span>
                {info.quota ? ` · quota ${info.quota.cpu} CPU, ${info.quota.memory}, ${info.quota.pods} pods` : ""}
                {info.nodes ? ` · ${info.nodes.filter((node) => node.ready).length}/${info.nodes.length} nodes ready` : ""}
                {cluster.lastSyncedAt ? (
                  <>
                    {" · synced "}
                    <DateTime value={cluster.lastSyncedAt} />
                  </>
                ) : null}
              </p>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
