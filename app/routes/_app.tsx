import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import { AppShell } from "~/components/layout/app-shell";
import { requireIdentity } from "~/session.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const identity = await requireIdentity(request);
  return json({ user: identity.user, tenant: identity.tenant, roles: identity.roles, permissions: identity.permissions });
}

export default function AppLayout() {
  const { user, tenant, roles } = useLoaderData<typeof loader>();
  return (
    <AppShell user={user} tenant={tenant} roles={roles}>
      <Outlet />
    </AppShell>
  );
}
