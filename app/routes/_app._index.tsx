import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { guardAppErrors } from "~/errors.server";
import { getNextStep } from "~/home.server";
import { getMe } from "~/me.server";
import { useCan } from "~/permissions";
import { requireIdentity } from "~/session.server";

export const meta: MetaFunction = () => [{ title: "Home · Assembly Lime" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { tenantId, userId } = await requireIdentity(request);
  const me = await guardAppErrors(() => getMe({ tenantId, userId }));
  return json({ ...me, nextStep: await getNextStep({ tenantId }) });
}

const card =
  "block rounded-lg border border-zinc-200 p-4 hover:border-lime-400 hover:bg-lime-50/50 dark:border-zinc-800 dark:hover:bg-lime-900/20";

/** Where to go from here: the workspace's next step from its state, then every area as a link. */
export default function HomePage() {
  const { user, tenant, roles, nextStep } = useLoaderData<typeof loader>();
  const can = useCan();
  return (
    <div className="mx-auto max-w-4xl p-4 sm:p-6 lg:p-10">
      <h1 className="text-2xl font-semibold">Welcome, {user.name ?? user.login}</h1>
      <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">
        You are working in <strong className="text-zinc-800 dark:text-zinc-200">{tenant.name}</strong> as {roles.join(", ")}.
      </p>
      <section aria-labelledby="next-step" className="mt-6">
        <h2 id="next-step" className="text-sm font-medium uppercase tracking-wide text-zinc-500 dark:text-zinc-400">
          Next step
        </h2>
        <Link to={nextStep.to} className={`${card} mt-2 border-lime-300 dark:border-lime-800`} data-testid="next-step">
          <span className="font-medium">{nextStep.title}</span>
          <span className="mt-1 block text-sm text-zinc-600 dark:text-zinc-300">{nextStep.body}</span>
          {can(nextStep.needs) ? null : (
            <span className="mt-2 block text-xs text-zinc-500 dark:text-zinc-400">
              Your role cannot do this step: ask an admin.
            </span>
          )}
        </Link>
      </section>
      <section aria-labelledby="areas" className="mt-8 grid gap-4 sm:grid-cols-3">
        <h2 id="areas" className="sr-only">
          Areas
        </h2>
        {[
          { title: "Plan", body: "Create a project and put tickets on its board.", to: "/projects" },
          { title: "Connect", body: "Add a GitHub connector and import repositories.", to: "/connectors" },
          { title: "Launch", body: "Run Claude or Codex on a ticket and review the pull request.", to: "/runs" },
        ].map((area) => (
          <Link key={area.title} to={area.to} className={card}>
            <span className="font-medium">{area.title}</span>
            <span className="mt-1 block text-sm text-zinc-500 dark:text-zinc-400">{area.body}</span>
          </Link>
        ))}
      </section>
    </div>
  );
}
