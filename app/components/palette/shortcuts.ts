/**
 * Every keyboard shortcut the app has, where it works, for the `?` sheet. Kept beside the palette,
 * not in each component, so one list tells the whole story; a shortcut added elsewhere belongs here too.
 */
export const SHORTCUT_GROUPS: Array<{ where: string; shortcuts: Array<{ keys: string[]; does: string }> }> = [
  {
    where: "Anywhere",
    shortcuts: [
      { keys: ["⌘ K", "Ctrl K"], does: "Open the command palette: go to a page, project, ticket, run or repository" },
      { keys: ["?"], does: "Show these shortcuts" },
      { keys: ["Esc"], does: "Close a dialog, the palette or an open ticket" },
    ],
  },
  {
    where: "Command palette",
    shortcuts: [
      { keys: ["↑", "↓"], does: "Choose a command or result" },
      { keys: ["Enter"], does: "Open it" },
    ],
  },
  {
    where: "Board",
    shortcuts: [
      { keys: ["c"], does: "New ticket in the first column" },
      { keys: ["/"], does: "Filter tickets (Esc clears the filter)" },
      { keys: ["←", "→", "↑", "↓"], does: "Move focus between tickets" },
      { keys: ["Enter"], does: "Open the focused ticket" },
      { keys: ["Space"], does: "Pick up the focused ticket; arrows move it, Space or Enter drops it, Esc cancels" },
    ],
  },
  {
    where: "Run composer",
    shortcuts: [{ keys: ["⌘ Enter", "Ctrl Enter"], does: "Launch the run" }],
  },
];
