import { Link } from "@remix-run/react";

/** The 404 page. Inside the app shell, which has the page's one `main` landmark, it is a section of it. */
export function NotFound({ inShell = false }: { inShell?: boolean }) {
  const Landmark = inShell ? "section" : "main";
  return (
    <Landmark aria-labelledby="not-found-title" className="mx-auto max-w-lg p-10 text-center">
      <p className="text-5xl font-bold text-lime-700 dark:text-lime-400">404</p>
      <h1 id="not-found-title" className="mt-3 text-xl font-semibold">
        Page not found
      </h1>
      <p className="mt-2 text-sm text-zinc-500 dark:text-zinc-400">
        The page you asked for does not exist, or you cannot see it.
      </p>
      <Link
        to="/"
        className="mt-6 inline-block rounded-md bg-lime-700 px-4 py-2 text-sm font-medium text-white hover:bg-lime-800"
      >
        Back home
      </Link>
    </Landmark>
  );
}
