import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useState, type FormEvent } from "react";
import { listDomains, listPreviews } from "~/kubernetes.server";
import { requireIdentity } from "~/session.server";
import { useRevalidatingAction } from "~/components/ui/use-revalidating-action";
import { trpc } from "~/trpc";

export const meta: MetaFunction = () => [{ title: "Previews & domains · Assembly Lime" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { tenantId } = await requireIdentity(request);
  const [previews, domains] = await Promise.all([listPreviews({ tenantId }), listDomains({ tenantId })]);
  return json({ previews, domains });
}

const box = "rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900";

/** Live preview deployments, and custom domains mapped to them (their Ingress gets the host). */
export default function DomainsPage() {
  const { previews, domains } = useLoaderData<typeof loader>();
  const [domain, setDomain] = useState("");
  const [previewId, setPreviewId] = useState<number | "">(previews[0]?.id ?? "");
  const { act, error } = useRevalidatingAction();
  const add = (event: FormEvent) => {
    event.preventDefault();
    if (previewId)
      void act(async () => {
        await trpc.domains.create.mutate({ domain, previewId });
        setDomain("");
      });
  };

  return (
    <div className="mx-auto max-w-5xl p-6">
      <h1 className="text-2xl font-semibold">Previews & domains</h1>
      {error ? (
        <p role="alert" className="mt-3 text-sm text-red-700">
          {error}
        </p>
      ) : null}
      <section className="mt-6" aria-labelledby="previews-heading">
        <h2 id="previews-heading" className="text-lg font-semibold">
          Previews
        </h2>
        <ul className="mt-2 flex flex-col gap-2">
          {previews.length === 0 ? <li className="text-sm text-zinc-500">No live previews. Deploy one from a run.</li> : null}
          {previews.map((preview) => (
            <li
              key={preview.id}
              className="flex items-center gap-3 rounded-md border border-zinc-200 p-3 text-sm dark:border-zinc-800"
            >
              <span className="rounded-full bg-zinc-100 px-2 py-0.5 text-xs dark:bg-zinc-800">{preview.status}</span>
              <a
                href={preview.url ?? `http://${preview.host}`}
                target="_blank"
                rel="noreferrer"
                className="font-mono text-sky-700 hover:underline"
              >
                {preview.host}
              </a>
              <span className="text-xs text-zinc-500">{preview.branch}</span>
              {preview.error ? <span className="text-xs text-red-700">{preview.error}</span> : null}
              <button
                type="button"
                className="ml-auto text-xs text-red-700"
                onClick={() => act(() => trpc.previews.destroy.mutate({ previewId: preview.id }))}
              >
                Destroy
              </button>
            </li>
          ))}
        </ul>
      </section>
      <section className="mt-8" aria-labelledby="domains-heading">
        <h2 id="domains-heading" className="text-lg font-semibold">
          Custom domains
        </h2>
        <form onSubmit={add} className="mt-2 flex flex-wrap gap-2" aria-label="Map a domain">
          <input
            aria-label="Domain"
            placeholder="app.example.com"
            className={box}
            value={domain}
            onChange={(e) => setDomain(e.target.value)}
          />
          <select aria-label="Preview" className={box} value={previewId} onChange={(e) => setPreviewId(Number(e.target.value))}>
            {previews.map((preview) => (
              <option key={preview.id} value={preview.id}>
                {preview.host}
              </option>
            ))}
          </select>
          <button
            type="submit"
            disabled={!domain || !previewId}
            className="rounded-md bg-lime-600 px-3 py-1.5 text-sm text-white disabled:opacity-50"
          >
            Map domain
          </button>
        </form>
        <p className="mt-1 text-xs text-zinc-500">
          Point the domain's DNS (CNAME) at your ingress controller; the preview's Ingress gets a rule for it.
        </p>
        <ul className="mt-3 flex flex-col gap-1 text-sm">
          {domains.map((entry) => (
            <li key={entry.id} className="flex items-center gap-2">
              <span className="font-mono">{entry.domain}</span>
              <span className="text-xs text-zinc-500">→ {entry.host ?? "(preview gone)"}</span>
              <button
                type="button"
                className="ml-auto text-xs text-red-700"
                onClick={() => act(() => trpc.domains.delete.mutate({ domainId: entry.id }))}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
