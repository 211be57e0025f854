import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useState, type FormEvent } from "react";
import { listDomains, listPreviews } from "~/kubernetes.server";
import { useCanCall } from "~/permissions";
import { requireIdentity } from "~/session.server";
import { useConfirm } from "~/components/ui/confirm-dialog";
import { FieldError, FormSummary, inputClass, RowError, useForm } from "~/components/ui/form";
import { useRevalidatingAction } from "~/components/ui/use-revalidating-action";
import { useRevalidateOnWorkspaceChange } from "~/components/ui/workspace-events";
import { lastWorkspaceEventId } from "~/workspace.server";
import { trpc } from "~/trpc";

export const meta: MetaFunction = () => [{ title: "Previews & domains · Assembly Lime" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { tenantId } = await requireIdentity(request);
  // Read before the lists, so a change committed while they load still reaches the page.
  const workspaceEventId = await lastWorkspaceEventId({ tenantId });
  const [previews, domains] = await Promise.all([listPreviews({ tenantId }), listDomains({ tenantId })]);
  return json({ previews, domains, workspaceEventId });
}

const box = inputClass;

/** Live preview deployments, and custom domains claimed for them (their Ingress gets the host once verified). */
export default function DomainsPage() {
  const { previews, domains, workspaceEventId } = useLoaderData<typeof loader>();
  // Previews are requested, deployed and destroyed elsewhere (a run, another tab, the API): the list follows.
  useRevalidateOnWorkspaceChange(["preview"], workspaceEventId);
  const [domain, setDomain] = useState("");
  const [previewId, setPreviewId] = useState<number | "">(previews[0]?.id ?? "");
  const { act, error, rowError, pending } = useRevalidatingAction();
  const form = useForm();
  const [confirm, dialog] = useConfirm();
  const [canDestroyPreview, canAdd, canVerify, canRemove] = [
    useCanCall("previews.destroy"),
    useCanCall("domains.create"),
    useCanCall("domains.verify"),
    useCanCall("domains.delete"),
  ];
  const [problems, setProblems] = useState<Record<number, string | null>>({});
  const verify = (domainId: number) =>
    act(async () => {
      const result = await trpc.domains.verify.mutate({ domainId });
      setProblems((current) => ({ ...current, [domainId]: result.problem }));
    }, `verify-${domainId}`);
  const add = (event: FormEvent) => {
    event.preventDefault();
    if (previewId)
      void form.submit(async () => {
        await trpc.domains.create.mutate({ domain, previewId });
        setDomain("");
      });
  };

  return (
    <div className="mx-auto max-w-5xl p-6">
      {dialog}
      <h1 className="text-2xl font-semibold">Previews & domains</h1>
      {error ? (
        <p role="alert" className="mt-3 text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
      <section className="mt-6" aria-labelledby="previews-heading">
        <h2 id="previews-heading" className="text-lg font-semibold">
          Previews
        </h2>
        <ul className="mt-2 flex flex-col gap-2">
          {previews.length === 0 ? (
            <li className="text-sm text-zinc-500 dark:text-zinc-400">No live previews. Deploy one from a run.</li>
          ) : null}
          {previews.map((preview) => (
            <li
              key={preview.id}
              className="flex flex-wrap items-center gap-3 rounded-md border border-zinc-200 p-3 text-sm dark:border-zinc-800"
            >
              <span className="rounded-full bg-zinc-100 px-2 py-0.5 text-xs dark:bg-zinc-800">{preview.status}</span>
              <a
                href={preview.url ?? `http://${preview.host}`}
                target="_blank"
                rel="noreferrer"
                className="font-mono text-sky-700 hover:underline dark:text-sky-300"
              >
                {preview.host}
              </a>
              <span className="text-xs text-zinc-500 dark:text-zinc-400">{preview.branch}</span>
              {preview.error ? <span className="text-xs text-red-700 dark:text-red-400">{preview.error}</span> : null}
              <button
                type="button"
                {...canDestroyPreview.control()}
                className="ml-auto text-xs text-red-700 dark:text-red-400"
                onClick={async () => {
                  if (
                    await confirm({
                      title: `Destroy the preview ${preview.host}?`,
                      description:
                        "Its deployment is deleted and the address stops answering; domains mapped to it stop routing.",
                      confirmLabel: "Destroy preview",
                    })
                  )
                    void act(() => trpc.previews.destroy.mutate({ previewId: preview.id }), undefined, `preview-${preview.id}`);
                }}
              >
                Destroy
              </button>
              <RowError message={rowError(`preview-${preview.id}`)} />
            </li>
          ))}
        </ul>
      </section>
      <section className="mt-8" aria-labelledby="domains-heading">
        <h2 id="domains-heading" className="text-lg font-semibold">
          Custom domains
        </h2>
        <form noValidate onSubmit={add} className="mt-2 flex flex-wrap gap-2" aria-label="Map a domain">
          <input
            aria-label="Domain"
            placeholder="app.example.com"
            className={box}
            value={domain}
            onChange={(e) => setDomain(e.target.value)}
            {...form.field("domain")}
          />
          <select
            aria-label="Preview"
            className={box}
            value={previewId}
            onChange={(e) => setPreviewId(Number(e.target.value))}
            {...form.field("previewId")}
          >
            {previews.map((preview) => (
              <option key={preview.id} value={preview.id}>
                {preview.host}
              </option>
            ))}
          </select>
          <button
            type="submit"
            {...canAdd.control(!domain || !previewId || form.pending)}
            aria-describedby={!domain || !previewId ? "map-domain-why" : undefined}
            className="rounded-md bg-lime-700 px-3 py-1.5 text-sm text-white disabled:opacity-50"
          >
            {form.pending ? "Saving…" : "Add domain"}
          </button>
          <div className="basis-full">
            <FieldError {...form.error("domain")} />
            <FieldError {...form.error("previewId")} />
            <FormSummary message={form.errors.summary} />
          </div>
          {!domain || !previewId ? (
            <p id="map-domain-why" className="basis-full text-xs text-zinc-500 dark:text-zinc-400" data-testid="map-domain-why">
              {previews.length === 0
                ? "A domain points at a live preview, and there is none: deploy a preview from a run first."
                : !previewId
                  ? "Choose the preview the domain should point at."
                  : "Type the domain, like app.example.com."}
            </p>
          ) : null}
        </form>
        <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
          A domain is routed only once it is verified: create the TXT record shown below at your DNS provider, then Verify.
          Domains under the preview base domain need no record. Point the domain (CNAME) at your ingress controller.
        </p>
        <ul className="mt-3 flex flex-col gap-2 text-sm" aria-label="Custom domains">
          {domains.map((entry) => (
            <li key={entry.id} className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
              <div className="flex items-center gap-2">
                <span className="font-mono">{entry.domain}</span>
                <span
                  className={`rounded-full px-2 py-0.5 text-xs ${entry.status === "verified" ? "bg-lime-100 text-lime-900" : "bg-amber-100 text-amber-900"}`}
                >
                  {entry.status}
                </span>
                <span className="text-xs text-zinc-500 dark:text-zinc-400">→ {entry.host ?? "(preview gone)"}</span>
                <span className="ml-auto flex gap-3">
                  {entry.status === "pending" ? (
                    <button
                      type="button"
                      {...canVerify.control(pending === `verify-${entry.id}`)}
                      className="text-xs text-sky-700 disabled:opacity-50 dark:text-sky-300"
                      onClick={() => verify(entry.id)}
                    >
                      {pending === `verify-${entry.id}` ? "Verifying…" : "Verify"}
                    </button>
                  ) : null}
                  <button
                    type="button"
                    {...canRemove.control()}
                    className="text-xs text-red-700 dark:text-red-400"
                    onClick={async () => {
                      if (
                        await confirm({
                          title: `Remove the domain ${entry.domain}?`,
                          description:
                            "It is unmapped from its preview and stops routing; adding it again needs a new TXT record.",
                          confirmLabel: "Remove domain",
                        })
                      )
                        void act(() => trpc.domains.delete.mutate({ domainId: entry.id }), undefined, `domain-${entry.id}`);
                    }}
                  >
                    Remove
                  </button>
                </span>
              </div>
              <RowError message={rowError(`domain-${entry.id}`)} />
              {entry.status === "pending" ? (
                <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 text-xs" aria-label={`TXT record for ${entry.domain}`}>
                  <dt className="text-zinc-500 dark:text-zinc-400">Type</dt>
                  <dd className="font-mono">{entry.challenge.type}</dd>
                  <dt className="text-zinc-500 dark:text-zinc-400">Name</dt>
                  <dd className="break-all font-mono">{entry.challenge.name}</dd>
                  <dt className="text-zinc-500 dark:text-zinc-400">Value</dt>
                  <dd className="break-all font-mono">{entry.challenge.value}</dd>
                </dl>
              ) : null}
              {problems[entry.id] && entry.status === "pending" ? (
                <p role="status" className="mt-2 text-xs text-amber-800">
                  {problems[entry.id]}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
