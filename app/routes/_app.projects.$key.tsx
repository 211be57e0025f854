import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { KanbanBoard } from "~/components/kanban/kanban-board";
import { guardAppErrors } from "~/errors.server";
import { getBoard } from "~/projects.server";
import { getBudget, sumRunCosts } from "~/runs.server";
import { requireIdentity } from "~/session.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.project.name ?? "Board"} · Assembly Lime` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { tenantId, permissions } = await requireIdentity(request);
  const board = await guardAppErrors(() => getBoard({ tenantId, key: (params.key ?? "").toUpperCase() }));
  const canSeeCosts = permissions.includes("costs:read");
  const [costs, budget] = canSeeCosts
    ? await Promise.all([
        sumRunCosts({ tenantId, projectId: board.project.id }),
        getBudget({ tenantId, projectId: board.project.id }),
      ])
    : [undefined, undefined];
  return json({ ...board, costs, budget });
}

/**
 * Opening or closing the ticket drawer changes only `?ticket=`; the live board needs no reload for that.
 * An unchanged URL is an explicit revalidation (e.g. after the budget is set): that one goes through.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({ currentUrl, nextUrl, formMethod, defaultShouldRevalidate }) => {
  if (formMethod || currentUrl.pathname !== nextUrl.pathname || currentUrl.href === nextUrl.href) return defaultShouldRevalidate;
  const strip = (url: URL) => {
    const params = new URLSearchParams(url.search);
    params.delete("ticket");
    return params.toString();
  };
  return strip(currentUrl) !== strip(nextUrl) && defaultShouldRevalidate;
};

export default function BoardPage() {
  const board = useLoaderData<typeof loader>();
  // Keyed by project so navigating between boards starts fresh.
  return <KanbanBoard key={board.project.id} initial={board} costs={board.costs} budget={board.budget} />;
}
