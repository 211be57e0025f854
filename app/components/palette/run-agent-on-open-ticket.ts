/**
 * Opens the run composer of the ticket drawer on screen, as its "Run agent" button does; the drawer
 * owns the composer's state, so the palette presses that button rather than keep a second copy.
 * Returns whether the composer is open.
 */
export function runAgentOnOpenTicket(ticketKey: string) {
  const drawer = document.querySelector(`[role="dialog"][data-ticket-key="${CSS.escape(ticketKey)}"]`);
  const button = [...(drawer?.querySelectorAll("button") ?? [])].find((candidate) => candidate.textContent === "Run agent");
  button?.click();
  return Boolean(button);
}
