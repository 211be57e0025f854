import * as Dialog from "@radix-ui/react-dialog";
import { useCallback, useRef, useState, type ReactNode } from "react";

export type ConfirmRequest = {
  title: string;
  description: ReactNode;
  /** The destructive button's words: "Delete ticket", "Cancel run". */
  confirmLabel: string;
  cancelLabel?: string;
};

/**
 * Asks before a destructive action, as an alertdialog (WAI-ARIA): focus moves
 * to the safe choice, Escape and the other button cancel, focus returns to the
 * control that asked. `const [confirm, dialog] = useConfirm()`; render `dialog`
 * and `if (await confirm({...}))` where `window.confirm` used to be.
 */
export function useConfirm() {
  const [request, setRequest] = useState<ConfirmRequest | null>(null);
  const resolver = useRef<((answer: boolean) => void) | null>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  // The control that asked: no Dialog.Trigger opens this, so Radix alone would give focus back to the page.
  const opener = useRef<Element | null>(null);

  const confirm = useCallback((next: ConfirmRequest) => {
    resolver.current?.(false);
    if (!document.activeElement?.closest("[role=alertdialog]")) opener.current = document.activeElement;
    setRequest(next);
    return new Promise<boolean>((resolve) => {
      resolver.current = resolve;
    });
  }, []);

  const answer = (value: boolean) => {
    resolver.current?.(value);
    resolver.current = null;
    setRequest(null);
  };

  const dialog = (
    <Dialog.Root open={request !== null} onOpenChange={(open) => (open ? undefined : answer(false))}>
      <Dialog.Portal>
        {/* React carries a portal's clicks to its React parents: a drawer that closes on a click outside it must not see these. */}
        <Dialog.Overlay className="fixed inset-0 z-50 bg-black/40" onClick={(event) => event.stopPropagation()} />
        <Dialog.Content
          role="alertdialog"
          onClick={(event) => event.stopPropagation()}
          onOpenAutoFocus={(event) => {
            event.preventDefault();
            cancelRef.current?.focus();
          }}
          onCloseAutoFocus={(event) => {
            event.preventDefault();
            if (opener.current instanceof HTMLElement && opener.current.isConnected) opener.current.focus();
          }}
          className="fixed left-1/2 top-1/2 z-50 w-[min(28rem,calc(100vw-2rem))] -translate-x-1/2 -translate-y-1/2 rounded-lg bg-white p-5 shadow-xl dark:bg-zinc-900 dark:text-zinc-100"
        >
          <Dialog.Title className="text-base font-semibold">{request?.title}</Dialog.Title>
          <Dialog.Description className="mt-2 text-sm text-zinc-600 dark:text-zinc-300">
            {request?.description}
          </Dialog.Description>
          <div className="mt-5 flex justify-end gap-2">
            <button
              ref={cancelRef}
              type="button"
              onClick={() => answer(false)}
              className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm dark:border-zinc-700"
            >
              {request?.cancelLabel ?? "Keep it"}
            </button>
            <button
              type="button"
              onClick={() => answer(true)}
              className="rounded-md bg-red-700 px-3 py-1.5 text-sm font-medium text-white"
            >
              {request?.confirmLabel}
            </button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
  return [confirm, dialog] as const;
}
