import { Form, NavLink, useLocation } from "@remix-run/react";
import type { ReactNode } from "react";
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
  const can = useCan();
  // A new page closes the user menu (it is a <details>, which would stay open across client-side navigation).
  const { key: pageKey } = useLocation();
  return (
    <div className="flex min-h-full">
      <aside className="hidden w-56 shrink-0 border-r border-zinc-200 bg-zinc-50 p-4 md:block dark:border-zinc-800 dark:bg-zinc-900">
        <div className="flex items-center gap-2 px-2">
          <img src="/favicon.svg" alt="" className="h-6 w-6" />
          <span className="font-semibold">Assembly Lime</span>
        </div>
        <nav aria-label="Main" className="mt-6 flex flex-col gap-1">
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
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex h-14 items-center justify-between border-b border-zinc-200 px-4 dark:border-zinc-800">
          <div className="flex items-center gap-2 text-sm">
            <span className="text-zinc-500 dark:text-zinc-400">Workspace</span>
            <span data-testid="tenant-name" className="font-medium">
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
