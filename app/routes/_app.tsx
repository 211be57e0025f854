import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import { AppShell } from "~/components/layout/app-shell";
import { KeyboardCommands } from "~/components/palette/keyboard-commands";
import { ClockProvider } from "~/components/ui/clock";
import { WorkspaceEventsProvider } from "~/components/ui/workspace-events";
import { listMyInvitations } from "~/invitations.server";
import { requireIdentity } from "~/session.server";
import { lastWorkspaceEventId, listMyWorkspaces } from "~/workspace.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const identity = await requireIdentity(request);
  return json({
    user: identity.user,
    tenant: identity.tenant,
    roles: identity.roles,
    permissions: identity.permissions,
    invitations: await listMyInvitations({ userId: identity.userId }),
    workspaces: await listMyWorkspaces({ userId: identity.userId }),
    /** Where the page's live lists start following the workspace's changes. */
    workspaceEventId: await lastWorkspaceEventId({ tenantId: identity.tenantId }),
    /** The time the page's durations are rendered at, on the server and in the first browser render alike. */
    serverNow: Date.now(),
  });
}

export default function AppLayout() {
  const { user, tenant, roles, invitations, workspaces, workspaceEventId, serverNow } = useLoaderData<typeof loader>();
  return (
    <ClockProvider serverNow={serverNow}>
      <WorkspaceEventsProvider after={workspaceEventId}>
        <AppShell user={user} tenant={tenant} roles={roles} invitations={invitations} workspaces={workspaces}>
          <Outlet />
        </AppShell>
        <KeyboardCommands />
      </WorkspaceEventsProvider>
    </ClockProvider>
  );
}
