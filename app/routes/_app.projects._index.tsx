import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigate, useNavigation } from "@remix-run/react";
import type { FormEvent } from "react";
import { FieldError, FormSummary, useForm } from "~/components/ui/form";
import { guardFormAppErrors, type FormErrors } from "~/errors.server";
import { createProject, listProjects, ZCreateProjectRequest } from "~/projects.server";
import { useGate } from "~/permissions";
import { audited, requireIdentity, requirePermission } from "~/session.server";
import { trpc } from "~/trpc";

export const meta: MetaFunction = () => [{ title: "Projects · Assembly Lime" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { tenantId } = await requireIdentity(request);
  return json({ projects: await listProjects({ tenantId }) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const identity = await requirePermission(request, "projects:manage");
  const { tenantId, userId } = identity;
  const form = await request.formData();
  // NUL bytes were refused before any action ran (server/http/storable-form-text.ts).
  const parsed = ZCreateProjectRequest.safeParse({
    name: form.get("name"),
    key: form.get("key"),
    description: form.get("description") || undefined,
  });
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) (fieldErrors[String(issue.path[0])] ??= []).push(issue.message);
    return json<FormErrors>({ fieldErrors }, { status: 400 });
  }
  return guardFormAppErrors(async () => {
    const project = await audited(
      {
        identity,
        action: "projects.create",
        targetType: "projects",
        requestId: String(context.requestId ?? ""),
        input: parsed.data,
      },
      async () => {
        const created = await createProject({ tenantId, userId, ...parsed.data });
        return created.project;
      },
    );
    return redirect(`/projects/${project.key}`);
  });
}

export default function ProjectsPage() {
  const { projects } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const canCreate = useGate({ permission: "projects:manage" });
  const navigation = useNavigation();
  const navigate = useNavigate();
  const form = useForm({ revalidate: false });
  const creating = navigation.state === "submitting" || form.pending;
  // With JavaScript the form goes through tRPC like every other (errors beside the fields, values kept);
  // without it, it posts to the action above, which answers the same way.
  const create = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const text = (name: string) => String(data.get(name) ?? "");
    void form.submit(async () => {
      const { project } = await trpc.projects.create.mutate({
        name: text("name"),
        key: text("key"),
        description: text("description") || undefined,
      });
      navigate(`/projects/${project.key}`);
    });
  };
  const fieldProps = (name: string) => ({
    error: form.error(name),
    serverErrors: form.errors.fields[name] ? undefined : result?.fieldErrors?.[name],
  });
  return (
    <div className="mx-auto max-w-5xl p-6 lg:p-10">
      <h1 className="text-2xl font-semibold">Projects</h1>
      <div className="mt-6 grid gap-8 lg:grid-cols-[1fr_320px]">
        <section aria-label="Project list">
          {projects.length === 0 ? (
            <div className="rounded-lg border border-dashed border-zinc-300 p-8 text-center dark:border-zinc-700">
              <p className="font-medium">No projects yet</p>
              <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">Create one to get a board for its tickets.</p>
            </div>
          ) : (
            <ul className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
              {projects.map((project) => (
                <li key={project.id}>
                  <Link
                    to={`/projects/${project.key}`}
                    className="flex items-center justify-between p-4 hover:bg-zinc-50 dark:hover:bg-zinc-900"
                  >
                    <span>
                      <span className="font-medium">{project.name}</span>
                      <span className="ml-2 rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs dark:bg-zinc-800">
                        {project.key}
                      </span>
                    </span>
                    <span className="text-sm text-zinc-500 dark:text-zinc-400">
                      {project.ticketCount} {project.ticketCount === 1 ? "ticket" : "tickets"}
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </section>
        {canCreate.allowed ? (
          <section aria-labelledby="new-project" className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
            <h2 id="new-project" className="font-medium">
              New project
            </h2>
            <Form method="post" noValidate onSubmit={create} className="mt-4 flex flex-col gap-3">
              <Field label="Name" name="name" placeholder="Assembly Lime" {...fieldProps("name")} />
              <Field label="Key" name="key" placeholder="LIME" {...fieldProps("key")} hint="Used in ticket keys, e.g. LIME-42." />
              <label className="flex flex-col gap-1 text-sm">
                <span className="font-medium">Description</span>
                <textarea
                  name="description"
                  rows={3}
                  className="rounded-md border border-zinc-300 bg-transparent px-3 py-2 aria-[invalid=true]:border-red-600 dark:border-zinc-700"
                  {...form.field("description")}
                />
                <FieldError {...form.error("description")} />
              </label>
              <FormSummary message={form.errors.summary ?? result?.formError ?? null} />
              <button
                type="submit"
                {...canCreate.marker}
                disabled={creating}
                className="rounded-md bg-lime-700 px-4 py-2 text-sm font-medium text-white hover:bg-lime-800 disabled:opacity-60"
              >
                {creating ? "Creating…" : "Create project"}
              </button>
            </Form>
          </section>
        ) : null}
      </div>
    </div>
  );
}

function Field(props: {
  label: string;
  name: string;
  placeholder?: string;
  hint?: string;
  error: { id: string; message: string | undefined };
  /** The action's answer when the form was posted without JavaScript. */
  serverErrors?: string[];
}) {
  const message = props.error.message ?? props.serverErrors?.join(" ");
  return (
    <label className="flex flex-col gap-1 text-sm">
      <span className="font-medium">{props.label}</span>
      <input
        name={props.name}
        placeholder={props.placeholder}
        aria-invalid={message ? true : undefined}
        aria-describedby={message ? props.error.id : undefined}
        className="rounded-md border border-zinc-300 bg-transparent px-3 py-2 aria-[invalid=true]:border-red-600 dark:border-zinc-700"
      />
      {props.hint ? <span className="text-xs text-zinc-500 dark:text-zinc-400">{props.hint}</span> : null}
      <FieldError id={props.error.id} message={message} />
    </label>
  );
}
