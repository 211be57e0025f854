import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { getEnv } from "~/env.server";
import { getAuthenticator } from "~/github.server";
import { startSession } from "~/session.server";
import { returnToCookie } from "./auth.github";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const authenticator = getAuthenticator(getEnv());
  if (!authenticator) return redirect("/login");
  try {
    const { userId, tenantId } = await authenticator.authenticate("github", request);
    const returnTo = (await returnToCookie.parse(request.headers.get("Cookie"))) as string | null;
    return await startSession({ request, userId, tenantId, redirectTo: returnTo ?? "/" });
  } catch (error) {
    if (error instanceof Response) throw error;
    const reason = error instanceof Error ? error.message : "unknown error";
    console.error(`GitHub login failed (request ${context.requestId}): ${reason}`);
    return redirect(`/login?${new URLSearchParams({ error: "GitHub sign-in failed. Please try again." })}`);
  }
}
