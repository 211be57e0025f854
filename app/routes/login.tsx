import { json, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { getEnv } from "~/env.server";
import { getOptionalIdentity, safeRedirect } from "~/session.server";

export const meta: MetaFunction = () => [{ title: "Sign in · Assembly Lime" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const redirectTo = safeRedirect(url.searchParams.get("redirectTo"));
  const identity = await getOptionalIdentity(request);
  if (identity && identity.roles.length > 0) throw redirect(redirectTo);
  return json({ redirectTo, error: url.searchParams.get("error"), githubConfigured: getEnv().githubLoginConfigured });
}

export default function LoginPage() {
  const { redirectTo, error, githubConfigured } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const submitting = navigation.state !== "idle" && navigation.formAction === "/auth/github";
  return (
    <main className="flex min-h-full items-center justify-center bg-zinc-50 p-6 dark:bg-zinc-900">
      <div className="w-full max-w-sm rounded-xl border border-zinc-200 bg-white p-8 shadow-sm dark:border-zinc-800 dark:bg-zinc-950">
        <div className="flex items-center gap-2">
          <img src="/favicon.svg" alt="" className="h-8 w-8" />
          <span className="text-lg font-semibold">Assembly Lime</span>
        </div>
        <h1 className="mt-6 text-xl font-semibold">Sign in</h1>
        <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">Plan on the board, launch agents, ship pull requests.</p>
        {error ? (
          <p role="alert" className="mt-4 rounded-md bg-red-50 p-3 text-sm text-red-700 dark:bg-red-950 dark:text-red-300">
            {error}
          </p>
        ) : null}
        {githubConfigured ? (
          <Form method="post" action="/auth/github" className="mt-6">
            <input type="hidden" name="redirectTo" value={redirectTo} />
            <button
              type="submit"
              disabled={submitting}
              className="flex w-full items-center justify-center gap-2 rounded-md bg-zinc-900 px-4 py-2.5 text-sm font-medium text-white hover:bg-zinc-700 disabled:opacity-60 dark:bg-white dark:text-zinc-900 dark:hover:bg-zinc-200"
            >
              {submitting ? "Redirecting to GitHub…" : "Sign in with GitHub"}
            </button>
          </Form>
        ) : (
          <div
            role="status"
            className="mt-6 rounded-md bg-amber-50 p-3 text-sm text-amber-800 dark:bg-amber-950 dark:text-amber-200"
          >
            GitHub login is not configured. Set <code>GITHUB_CLIENT_ID</code> and <code>GITHUB_CLIENT_SECRET</code> (see the
            README) and restart.
          </div>
        )}
      </div>
    </main>
  );
}
