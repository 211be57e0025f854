import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listRepositories } from "~/github.server";
import { requireIdentity } from "~/session.server";

export const meta: MetaFunction = () => [{ title: "Repositories · Assembly Lime" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { tenantId } = await requireIdentity(request);
  return json({ repositories: await listRepositories({ tenantId }) });
}

export default function ReposPage() {
  const { repositories } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-4xl p-6">
      <div className="flex items-center justify-between">
        <h1 className="text-2xl font-semibold">Repositories</h1>
        <Link to="/connectors" className="text-sm text-lime-700 dark:text-lime-400 hover:underline">
          Import from a connector →
        </Link>
      </div>
      {repositories.length === 0 ? (
        <div className="mt-10 rounded-lg border border-dashed border-zinc-300 p-10 text-center dark:border-zinc-700">
          <p className="font-medium">No repositories yet.</p>
          <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">
            Add a GitHub connector and import the repositories your agents should work on.
          </p>
        </div>
      ) : (
        <ul className="mt-4 divide-y divide-zinc-200 dark:divide-zinc-800" aria-label="Repositories">
          {repositories.map((repo) => (
            <li key={repo.id} className="flex items-center gap-3 py-3">
              <Link to={`/repos/${repo.id}`} className="font-mono font-medium text-lime-700 hover:underline dark:text-lime-400">
                {repo.fullName}
              </Link>
              {repo.isPrivate ? <span className="text-xs text-zinc-500 dark:text-zinc-400">private</span> : null}
              {repo.aliases.map((alias) => (
                <span key={alias} className="rounded bg-zinc-100 px-1.5 text-xs dark:bg-zinc-800">
                  {alias}
                </span>
              ))}
              <span className="ml-auto text-xs text-zinc-500 dark:text-zinc-400">
                {repo.connectorName}
                {repo.connectorStatus !== "active" ? " (revoked)" : ""} · {repo.defaultBranch}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
