import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { DateTime } from "~/components/ui/date-time";
import { listAudit } from "~/governance.server";
import { requirePermission } from "~/session.server";

export const meta: MetaFunction = () => [{ title: "Audit log · Assembly Lime" }];

const ZFilters = z.object({
  action: z.string().max(80).optional().catch(undefined),
  target: z.string().max(40).optional().catch(undefined),
  before: z.coerce.number().int().positive().optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const { tenantId } = await requirePermission(request, "audit:read");
  const filters = ZFilters.parse(Object.fromEntries(new URL(request.url).searchParams));
  const page = await listAudit({
    tenantId,
    action: filters.action || undefined,
    targetType: filters.target || undefined,
    before: filters.before,
    limit: 50,
  });
  return json({ ...page, filters });
}

/** Every change, who made it and how (session or API key); append-only. */
export default function AuditPage() {
  const { items, nextCursor, filters } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-5xl p-6">
      <h1 className="text-2xl font-semibold">Audit log</h1>
      <Form method="get" className="mt-4 flex flex-wrap gap-2">
        <input
          name="action"
          aria-label="Action"
          placeholder="action, e.g. tickets."
          defaultValue={filters.action ?? ""}
          className="rounded-md border border-zinc-300 px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900"
        />
        <input
          name="target"
          aria-label="Target type"
          placeholder="target, e.g. agentRuns"
          defaultValue={filters.target ?? ""}
          className="rounded-md border border-zinc-300 px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900"
        />
        <button type="submit" className="rounded-md border border-zinc-300 px-3 text-sm dark:border-zinc-700">
          Filter
        </button>
      </Form>
      <div className="mt-4 overflow-x-auto">
        <table className="w-full text-left text-sm" data-testid="audit-table">
          <thead className="text-xs uppercase text-zinc-500 dark:text-zinc-400">
            <tr>
              <th className="py-1">When</th>
              <th>Who</th>
              <th>Action</th>
              <th>Target</th>
              <th>Details</th>
            </tr>
          </thead>
          <tbody>
            {items.map((entry) => (
              <tr key={entry.id} className="border-t border-zinc-100 align-top dark:border-zinc-900">
                <td className="whitespace-nowrap py-1 pr-2 text-xs text-zinc-500 dark:text-zinc-400">
                  <DateTime value={entry.createdAt} />
                </td>
                <td className="pr-2">
                  {entry.actor?.login ?? "—"}
                  {entry.actorApiKeyId ? <span className="text-xs text-zinc-500 dark:text-zinc-400"> (API key)</span> : null}
                </td>
                <td className="pr-2 font-mono text-xs">{entry.action}</td>
                <td className="pr-2 text-xs">
                  {entry.targetType}
                  {entry.targetId ? ` #${entry.targetId}` : ""}
                </td>
                <td>
                  <details>
                    <summary className="cursor-pointer text-xs text-zinc-500 dark:text-zinc-400">
                      request {entry.requestId?.slice(0, 8)}
                    </summary>
                    <pre className="max-w-md overflow-auto whitespace-pre-wrap text-xs">
                      {JSON.stringify(entry.after, null, 2)}
                    </pre>
                  </details>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {items.length === 0 ? <p className="mt-4 text-sm text-zinc-500 dark:text-zinc-400">Nothing recorded yet.</p> : null}
      {nextCursor ? (
        <Link
          to={`?${new URLSearchParams({ ...(filters.action ? { action: filters.action } : {}), ...(filters.target ? { target: filters.target } : {}), before: String(nextCursor) })}`}
          className="mt-3 inline-block text-sm text-lime-700 dark:text-lime-400"
        >
          Older →
        </Link>
      ) : null}
    </div>
  );
}
