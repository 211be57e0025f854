import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { KanbanBoard } from "~/components/kanban/kanban-board";
import { AppError, getBoard } from "~/projects.server";
import { getBudget, sumRunCosts } from "~/runs.server";
import { requireIdentity } from "~/session.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.project.name ?? "Board"} · Assembly Lime` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { tenantId, permissions } = await requireIdentity(request);
  try {
    const board = await getBoard({ tenantId, key: (params.key ?? "").toUpperCase() });
    const canSeeCosts = permissions.includes("costs:read");
    const costs = canSeeCosts ? await sumRunCosts({ tenantId, projectId: board.project.id }) : undefined;
    const budget = canSeeCosts ? await getBudget({ tenantId, projectId: board.project.id }) : undefined;
    return json({ ...board, costs, budget });
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") throw new Response("Project not found", { status: 404 });
    throw error;
  }
}

/** Opening or closing the ticket drawer changes only `?ticket=`; the live board needs no reload for that. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ currentUrl, nextUrl, formMethod, defaultShouldRevalidate }) => {
  if (formMethod || currentUrl.pathname !== nextUrl.pathname) return defaultShouldRevalidate;
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
