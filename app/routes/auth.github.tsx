import { createCookie, redirect, type ActionFunctionArgs } from "@remix-run/node";
import { getEnv } from "~/env.server";
import { getAuthenticator } from "~/github.server";
import { safeRedirect } from "~/session.server";

/** Where to return after the GitHub round trip; lives only for the login. */
export const returnToCookie = createCookie("al_return_to", { httpOnly: true, sameSite: "lax", path: "/auth", maxAge: 600 });

export async function loader() {
  return redirect("/login");
}

export async function action({ request }: ActionFunctionArgs) {
  const authenticator = getAuthenticator(getEnv());
  if (!authenticator) return redirect(`/login?${new URLSearchParams({ error: "GitHub login is not configured." })}`);
  // The authenticator re-reads the request, so read the form from a copy.
  const form = await request.clone().formData();
  const returnTo = safeRedirect(String(form.get("redirectTo") ?? "/"));
  try {
    await authenticator.authenticate("github", request);
  } catch (thrown) {
    if (thrown instanceof Response) {
      thrown.headers.append("Set-Cookie", await returnToCookie.serialize(returnTo));
      return thrown;
    }
    throw thrown;
  }
  return redirect("/login");
}
