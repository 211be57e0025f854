import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { NotFound } from "~/components/ui/not-found";
import { requireIdentity } from "~/session.server";

export const meta: MetaFunction = () => [{ title: "Not found · Assembly Lime" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireIdentity(request);
  return json(null, { status: 404 });
}

export default function NotFoundPage() {
  return <NotFound inShell />;
}
