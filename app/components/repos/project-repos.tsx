import { Link } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useCanCall } from "~/permissions";
import { errorMessage, trpc } from "~/trpc";

type Mapping = Awaited<ReturnType<typeof trpc.projectRepositories.list.query>>[number];
type Repo = Awaited<ReturnType<typeof trpc.repositories.list.query>>[number];

/** The project's primary repository (where its tickets' runs work), with a picker to set it. */
export function ProjectRepos({ projectId }: { projectId: number }) {
  const [mappings, setMappings] = useState<Mapping[] | null>(null);
  const [repos, setRepos] = useState<Repo[]>([]);
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const canMap = useCanCall("projectRepositories.add");

  const load = async () => {
    try {
      const [mapped, all] = await Promise.all([
        trpc.projectRepositories.list.query({ projectId }),
        trpc.repositories.list.query(),
      ]);
      setMappings(mapped);
      setRepos(all);
    } catch (cause) {
      setError(errorMessage(cause));
    }
  };
  useEffect(() => {
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [projectId]);

  const primary = mappings?.find((mapping) => mapping.role === "primary");
  if (mappings === null) return null;
  return (
    <span className="flex items-center gap-2 text-xs text-zinc-500 dark:text-zinc-400" data-testid="project-repo">
      {primary && !editing ? (
        <>
          <Link to={`/repos/${primary.repository.id}`} className="font-mono hover:underline">
            {primary.repository.fullName}
          </Link>
          <button type="button" {...canMap.control()} onClick={() => setEditing(true)} className="hover:underline">
            change
          </button>
        </>
      ) : repos.length === 0 ? (
        <Link to="/connectors" className="hover:underline">
          Connect a repository
        </Link>
      ) : (
        <select
          aria-label="Primary repository"
          {...canMap.control()}
          className="rounded border border-zinc-300 bg-white px-1 py-0.5 text-zinc-900 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
          value=""
          onChange={async (e) => {
            setError(null);
            try {
              if (primary) await trpc.projectRepositories.remove.mutate({ mappingId: primary.id });
              await trpc.projectRepositories.add.mutate({ projectId, repositoryId: Number(e.target.value), role: "primary" });
              setEditing(false);
              await load();
            } catch (cause) {
              setError(errorMessage(cause));
            }
          }}
        >
          <option value="" disabled>
            Choose the repository…
          </option>
          {repos.map((repo) => (
            <option key={repo.id} value={repo.id}>
              {repo.fullName}
            </option>
          ))}
        </select>
      )}
      {error ? (
        <span role="alert" className="text-red-700 dark:text-red-400">
          {error}
        </span>
      ) : null}
    </span>
  );
}
