import * as Dialog from "@radix-ui/react-dialog";
import { Form, NavLink, useLocation } from "@remix-run/react";
import { useEffect, useState, type ReactNode } from "react";
import { useCan, type Permission } from "~/permissions";
import { InvitationBanner } from "./invitation-banner";

type Props = {
  user: { login: string; name: string | null; avatarUrl: string | null };
  tenant: { id: number; name: string; slug: string };
  roles: string[];
  /** Invitations waiting for this user's answer, from any workspace. */
  invitations: Array<{ id: number; tenantName: string; role: string; invitedBy: string | null }>;
  /** Every workspace this user is a member of, the current one included. */
  workspaces: Array<{ id: number; name: string }>;
  children: ReactNode;
};

/** Only pages that exist are listed; each issue adds its own. */
export const NAV_ITEMS: Array<{ to: string; label: string; end: boolean; needs?: Permission }> = [
  { to: "/", label: "Home", end: true },
  { to: "/projects", label: "Projects", end: false },
  { to: "/command", label: "Command Center", end: false },
  { to: "/runs", label: "Agent Runs", end: false },
  { to: "/repos", label: "Repositories", end: false },
  { to: "/features", label: "Features", end: false },
  { to: "/connectors", label: "Connectors", end: false },
  { to: "/clusters", label: "Clusters", end: false },
  { to: "/sandboxes", label: "Sandboxes", end: false },
  { to: "/domains", label: "Previews & domains", end: false },
  { to: "/settings/instructions", label: "Instructions", end: false },
  { to: "/settings/members", label: "Members", end: false },
  { to: "/settings/api-keys", label: "API keys", end: false, needs: "keys:manage" },
  { to: "/settings/integrations", label: "Env, hooks & tools", end: false, needs: "integrations:manage" },
  { to: "/settings/model-prices", label: "Model prices", end: false, needs: "integrations:manage" },
  { to: "/settings/audit", label: "Audit log", end: false, needs: "audit:read" },
];

export function AppShell({ user, tenant, roles, invitations, workspaces, children }: Props) {
  // A new page closes the user menu (it is a <details>, which would stay open across client-side navigation).
  const { key: pageKey } = useLocation();
  return (
    <div className="flex min-h-full">
      <aside className="hidden w-56 shrink-0 border-r border-zinc-200 bg-zinc-50 p-4 md:block dark:border-zinc-800 dark:bg-zinc-900">
        <Brand />
        <MainNav label="Main" />
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex h-14 items-center justify-between gap-2 border-b border-zinc-200 px-4 dark:border-zinc-800">
          <div className="flex min-w-0 items-center gap-2 text-sm">
            <PhoneMenu />
            <span className="hidden text-zinc-500 sm:inline dark:text-zinc-400">Workspace</span>
            <span data-testid="tenant-name" className="truncate font-medium">
              {tenant.name}
            </span>
          </div>
          <details key={pageKey} className="relative">
            <summary
              aria-label={`User menu for ${user.login}`}
              className="flex cursor-pointer list-none items-center gap-2 rounded-md px-2 py-1 text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800"
            >
              {user.avatarUrl ? <img src={user.avatarUrl} alt="" className="h-6 w-6 rounded-full" /> : null}
              <span>{user.login}</span>
            </summary>
            <div className="absolute right-0 z-10 mt-2 w-56 rounded-md border border-zinc-200 bg-white p-2 shadow-lg dark:border-zinc-800 dark:bg-zinc-900">
              <p className="px-2 py-1 text-sm font-medium">{user.name ?? user.login}</p>
              <p className="px-2 pb-2 text-xs text-zinc-500 dark:text-zinc-400">{roles.join(", ")}</p>
              <WorkspaceSwitcher currentId={tenant.id} workspaces={workspaces} />
              <Form method="post" action="/logout">
                <button
                  type="submit"
                  className="w-full rounded-md px-2 py-1.5 text-left text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800"
                >
                  Log out
                </button>
              </Form>
            </div>
          </details>
        </header>
        <InvitationBanner invitations={invitations} />
        <main className="flex-1">{children}</main>
      </div>
    </div>
  );
}

function Brand() {
  return (
    <div className="flex items-center gap-2 px-2">
      <img src="/favicon.svg" alt="" className="h-6 w-6" />
      <span className="font-semibold">Assembly Lime</span>
    </div>
  );
}

/** The pages this member may open; the sidebar and the phone menu show the same list. */
function MainNav({ label }: { label: string }) {
  const can = useCan();
  return (
    <nav aria-label={label} className="mt-6 flex flex-col gap-1">
      {NAV_ITEMS.filter((item) => !item.needs || can(item.needs)).map((item) => (
        <NavLink
          key={item.to}
          to={item.to}
          end={item.end}
          className={({ isActive }) =>
            `rounded-md px-2 py-1.5 text-sm ${isActive ? "bg-lime-100 font-medium text-lime-900 dark:bg-lime-900/40 dark:text-lime-100" : "text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"}`
          }
        >
          {item.label}
        </NavLink>
      ))}
    </nav>
  );
}

/** Below the sidebar's breakpoint the same navigation opens from a menu button, as a modal dialog; a page change closes it. */
function PhoneMenu() {
  const [open, setOpen] = useState(false);
  const { key: pageKey } = useLocation();
  useEffect(() => setOpen(false), [pageKey]);
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger
        aria-label="Open navigation"
        className="-ml-2 rounded-md px-2 py-1 text-lg leading-none hover:bg-zinc-100 md:hidden dark:hover:bg-zinc-800"
      >
        ☰
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-50 bg-black/40 md:hidden" />
        <Dialog.Content className="fixed inset-y-0 left-0 z-50 w-64 max-w-[85vw] overflow-y-auto bg-zinc-50 p-4 shadow-xl md:hidden dark:bg-zinc-900 dark:text-zinc-100">
          <div className="flex items-center justify-between">
            <Dialog.Title asChild>
              <div>
                <Brand />
              </div>
            </Dialog.Title>
            <Dialog.Description className="sr-only">The pages of this workspace.</Dialog.Description>
            <Dialog.Close
              aria-label="Close navigation"
              className="rounded px-2 text-xl leading-none hover:bg-zinc-200 dark:hover:bg-zinc-800"
            >
              ×
            </Dialog.Close>
          </div>
          <MainNav label="Phone" />
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

/** The user's other workspaces, each a button that opens this session there (at its Home). */
function WorkspaceSwitcher({ currentId, workspaces }: { currentId: number; workspaces: Props["workspaces"] }) {
  const others = workspaces.filter((workspace) => workspace.id !== currentId);
  if (others.length === 0) return null;
  return (
    <div className="border-t border-zinc-200 py-2 dark:border-zinc-800">
      <p className="px-2 pb-1 text-xs font-medium text-zinc-500 dark:text-zinc-400">Switch workspace</p>
      {others.map((workspace) => (
        <Form key={workspace.id} method="post" action="/workspaces/switch">
          <input type="hidden" name="tenantId" value={workspace.id} />
          <button
            type="submit"
            aria-label={`Switch to ${workspace.name}`}
            className="w-full truncate rounded-md px-2 py-1.5 text-left text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800"
          >
            {workspace.name}
          </button>
        </Form>
      ))}
    </div>
  );
}
