import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import { AppShell } from "~/components/layout/app-shell";
import { listMyInvitations } from "~/invitations.server";
import { requireIdentity } from "~/session.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const identity = await requireIdentity(request);
  return json({
    user: identity.user,
    tenant: identity.tenant,
    roles: identity.roles,
    permissions: identity.permissions,
    invitations: await listMyInvitations({ userId: identity.userId }),
  });
}

export default function AppLayout() {
  const { user, tenant, roles, invitations } = useLoaderData<typeof loader>();
  return (
    <AppShell user={user} tenant={tenant} roles={roles} invitations={invitations}>
      <Outlet />
    </AppShell>
  );
}
