import { useCallback, useEffect, useRef, useState } from "react";
import { CommandPalette } from "./command-palette";
import { ShortcutSheet } from "./shortcut-sheet";

/** Single-key shortcuts stand down while the user types, as the board's do. */
const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || Boolean(target.closest("input, textarea, select")));

/** The app-wide keys: ⌘K / Ctrl-K toggles the command palette, `?` opens the shortcut sheet. */
export function KeyboardCommands() {
  const [palette, setPalette] = useState(false);
  const [sheet, setSheet] = useState(false);
  // What had focus before a dialog opened: a shortcut has no trigger button for Radix to return focus to.
  const focusedBefore = useRef<HTMLElement | null>(null);
  const rememberFocus = () => {
    const active = document.activeElement;
    // From one dialog to the other, keep the element from before the first.
    if (active instanceof HTMLElement && !active.closest("[role=dialog]")) focusedBefore.current = active;
  };
  const returnFocus = useCallback((event: Event) => {
    event.preventDefault();
    // A palette choice may have navigated away from that element; focus then stays with the new page.
    if (focusedBefore.current?.isConnected) focusedBefore.current.focus();
  }, []);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.metaKey || event.ctrlKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === "k") {
        event.preventDefault(); // Chromium's own Ctrl-K searches the web from the address bar
        rememberFocus();
        setSheet(false);
        setPalette((open) => !open);
      } else if (event.key === "?" && !event.metaKey && !event.ctrlKey && !event.altKey && !isTyping(event.target)) {
        event.preventDefault();
        rememberFocus();
        setSheet(true);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  return (
    <>
      <CommandPalette
        open={palette}
        onOpenChange={setPalette}
        onShowShortcuts={() => setSheet(true)}
        onCloseAutoFocus={returnFocus}
      />
      <ShortcutSheet open={sheet} onOpenChange={setSheet} onCloseAutoFocus={returnFocus} />
    </>
  );
}
