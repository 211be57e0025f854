import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { guardAppErrors } from "~/errors.server";
import { getMe } from "~/me.server";
import { requireIdentity } from "~/session.server";

export const meta: MetaFunction = () => [{ title: "Home · Assembly Lime" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { tenantId, userId } = await requireIdentity(request);
  return json(await guardAppErrors(() => getMe({ tenantId, userId })));
}

export default function HomePage() {
  const { user, tenant, roles } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-4xl p-6 lg:p-10">
      <h1 className="text-2xl font-semibold">Welcome, {user.name ?? user.login}</h1>
      <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">
        You are working in <strong className="text-zinc-800 dark:text-zinc-200">{tenant.name}</strong> as {roles.join(", ")}.
      </p>
      <section aria-labelledby="next-steps" className="mt-8 grid gap-4 sm:grid-cols-3">
        <h2 id="next-steps" className="sr-only">
          Next steps
        </h2>
        {[
          { title: "Plan", body: "Create a project and put tickets on its board." },
          { title: "Connect", body: "Add a GitHub connector and import repositories." },
          { title: "Launch", body: "Run Claude or Codex on a ticket and review the pull request." },
        ].map((step) => (
          <div key={step.title} className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
            <h3 className="font-medium">{step.title}</h3>
            <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">{step.body}</p>
          </div>
        ))}
      </section>
    </div>
  );
}
