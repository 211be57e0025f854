import { useLocation, useMatches } from "@remix-run/react";

/** The board route's id, as Remix names it from app/routes/_app.projects.$key.tsx. */
const BOARD_ROUTE = "routes/_app.projects.$key";

/** What the palette offers depends on where the user is: the board they are on, the ticket they have open. */
export function usePaletteContext() {
  const matches = useMatches();
  const { search } = useLocation();
  const board = matches.find((match) => match.id === BOARD_ROUTE)?.data as
    { project?: { id: number; name: string; key: string } } | undefined;
  const project = board?.project ?? null;
  const openTicketKey = project ? new URLSearchParams(search).get("ticket") : null;
  return { project, openTicketKey };
}
