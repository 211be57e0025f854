import * as Dialog from "@radix-ui/react-dialog";
import { SHORTCUT_GROUPS } from "./shortcuts";

/** The `?` sheet: every shortcut as visible text, grouped by where it works. */
export function ShortcutSheet(props: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onCloseAutoFocus: (event: Event) => void;
}) {
  return (
    <Dialog.Root open={props.open} onOpenChange={props.onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-50 bg-black/40" onClick={(event) => event.stopPropagation()} />
        <Dialog.Content
          onCloseAutoFocus={props.onCloseAutoFocus}
          onClick={(event) => event.stopPropagation()}
          className="fixed left-1/2 top-[10vh] z-50 max-h-[80vh] w-[min(36rem,calc(100vw-2rem))] -translate-x-1/2 overflow-y-auto rounded-lg bg-white p-5 shadow-xl dark:bg-zinc-900 dark:text-zinc-100"
        >
          <div className="flex items-center justify-between">
            <Dialog.Title className="text-base font-semibold">Keyboard shortcuts</Dialog.Title>
            <Dialog.Close
              aria-label="Close shortcuts"
              className="rounded px-2 text-xl leading-none hover:bg-zinc-100 dark:hover:bg-zinc-800"
            >
              ×
            </Dialog.Close>
          </div>
          <Dialog.Description className="mt-1 text-sm text-zinc-600 dark:text-zinc-300">
            Single keys work when you are not typing in a field.
          </Dialog.Description>
          {SHORTCUT_GROUPS.map((group) => (
            <section key={group.where} aria-label={group.where} className="mt-4">
              <h3 className="text-xs font-semibold uppercase tracking-wide text-zinc-500 dark:text-zinc-400">{group.where}</h3>
              <dl className="mt-1 divide-y divide-zinc-100 dark:divide-zinc-800">
                {group.shortcuts.map((shortcut) => (
                  <div key={shortcut.does} className="flex items-baseline justify-between gap-4 py-1.5 text-sm">
                    <dt className="text-zinc-700 dark:text-zinc-200">{shortcut.does}</dt>
                    <dd className="flex shrink-0 gap-1">
                      {shortcut.keys.map((key) => (
                        <kbd
                          key={key}
                          className="rounded border border-zinc-300 bg-zinc-50 px-1.5 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-800"
                        >
                          {key}
                        </kbd>
                      ))}
                    </dd>
                  </div>
                ))}
              </dl>
            </section>
          ))}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
