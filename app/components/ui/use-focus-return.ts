import { useState } from "react";

/**
 * For a Radix dialog opened from state (a card, a URL) rather than from a
 * `Dialog.Trigger`: Radix gives focus back to its trigger, and without one to
 * nothing, so the focus lands on the page. Pass the result as the content's
 * `onCloseAutoFocus` to give focus back to whatever had it when the dialog opened.
 */
export function useFocusReturn() {
  // Read on the first render, before the dialog's focus scope moves focus in (that happens in an effect).
  const [opener] = useState(() => (typeof document === "undefined" ? null : document.activeElement));
  return (event: Event) => {
    event.preventDefault();
    if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
  };
}
