import { createCookie, redirect, type ActionFunctionArgs } from "@remix-run/node";
import { getEnv } from "~/env.server";
import { connectAuthorizationUrl } from "~/github.server";
import { requirePermission } from "~/session.server";

/** The OAuth state of a "Connect with GitHub" round trip; lives ten minutes. */
export const connectStateCookie = createCookie("al_connect_state", {
  httpOnly: true,
  sameSite: "lax",
  path: "/auth/github/callback",
  maxAge: 600,
});

export async function loader() {
  return redirect("/connectors");
}

export async function action({ request }: ActionFunctionArgs) {
  await requirePermission(request, "integrations:manage");
  const flow = connectAuthorizationUrl(getEnv());
  if (!flow)
    return redirect(`/connectors?${new URLSearchParams({ error: "GitHub OAuth is not configured: add a token instead." })}`);
  return redirect(flow.url.toString(), { headers: { "Set-Cookie": await connectStateCookie.serialize(flow.state) } });
}
