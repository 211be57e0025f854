import type { LinksFunction, MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse, Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteError } from "@remix-run/react";
import type { ReactNode } from "react";
import { NotFound } from "./components/ui/not-found";
import { useNonce } from "./nonce";
import stylesheet from "./tailwind.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Assembly Lime" }];

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  return (
    <html lang="en" className="h-full">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <Meta />
        <Links />
      </head>
      <body className="h-full">
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFound />;
  const message = isRouteErrorResponse(error) ? `${error.status} ${error.statusText}` : "Something went wrong.";
  // A refusal says why (requirePermission's "Not allowed: your role cannot …"), never more.
  const refusal = isRouteErrorResponse(error) && error.status === 403 && typeof error.data === "string" ? error.data : undefined;
  return (
    <main className="mx-auto max-w-lg p-10">
      <h1 className="text-xl font-semibold">{message}</h1>
      <p className="mt-2 text-sm text-zinc-500 dark:text-zinc-400">{refusal ?? "Try again, or go back to the home page."}</p>
      <a href="/" className="mt-4 inline-block text-sm font-medium text-lime-700 underline dark:text-lime-400">
        Home
      </a>
    </main>
  );
}
