import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { getEnv } from "~/env.server";
import { createConnector, exchangeConnectCode } from "~/github.server";
import { requirePermission } from "~/session.server";
import { connectStateCookie } from "./connectors.github";

/** GitHub's answer to "Connect with GitHub": the token becomes a connector of the signed-in workspace. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { tenantId, userId } = await requirePermission(request, "integrations:manage");
  const url = new URL(request.url);
  const expected = (await connectStateCookie.parse(request.headers.get("Cookie"))) as string | null;
  const fail = (message: string) => redirect(`/connectors?${new URLSearchParams({ error: message })}`);
  if (url.searchParams.get("error")) return fail("GitHub did not grant access.");
  if (!expected || url.searchParams.get("state") !== expected)
    return fail("The GitHub connection expired or was tampered with; try again.");
  const code = url.searchParams.get("code");
  if (!code) return fail("GitHub sent no authorisation code.");
  try {
    const env = getEnv();
    const token = await exchangeConnectCode(env, code);
    const connector = await createConnector({ tenantId, userId, env, kind: "oauth", token });
    return redirect(`/connectors?connected=${connector.id}`, {
      headers: { "Set-Cookie": await connectStateCookie.serialize("", { maxAge: 0 }) },
    });
  } catch (error) {
    console.error(
      `GitHub connect failed (request ${String(context.requestId)}): ${error instanceof Error ? error.message : "unknown"}`,
    );
    return fail("Connecting GitHub failed; please try again.");
  }
}
