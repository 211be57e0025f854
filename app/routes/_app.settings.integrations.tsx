import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useState, type FormEvent } from "react";
import { listRepositories } from "~/github.server";
import { listEnvVarSets, listHooks, listTools } from "~/governance.server";
import { listProjects } from "~/projects.server";
import { useCanCall } from "~/permissions";
import { requirePermission } from "~/session.server";
import { useConfirm } from "~/components/ui/confirm-dialog";
import { FieldError, FormSummary, inputClass, parseJsonField, useForm } from "~/components/ui/form";
import { useRevalidatingAction } from "~/components/ui/use-revalidating-action";
import { trpc } from "~/trpc";

export const meta: MetaFunction = () => [{ title: "Env, hooks & tools · Assembly Lime" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { tenantId } = await requirePermission(request, "integrations:manage");
  const [sets, hooks, tools, projects, repositories] = await Promise.all([
    listEnvVarSets({ tenantId }),
    listHooks({ tenantId }),
    listTools({ tenantId }),
    listProjects({ tenantId }),
    listRepositories({ tenantId }),
  ]);
  return json({ sets, hooks, tools, projects, repositories });
}

const box = inputClass;
const section = "mt-8 rounded-md border border-zinc-200 p-4 dark:border-zinc-800";

export default function IntegrationsPage() {
  const data = useLoaderData<typeof loader>();
  const { act: run, error } = useRevalidatingAction();
  const [confirm, dialog] = useConfirm();
  const [notice, setNotice] = useState<string | null>(null);
  // Every delete on this page asks first; `act(work, { title, confirmLabel, description })`.
  const act: Act = async (work, ask) => {
    if (ask && !(await confirm(ask))) return false;
    return run(work);
  };
  return (
    <div className="mx-auto max-w-4xl p-6">
      {dialog}
      <h1 className="text-2xl font-semibold">Env vars, hooks & tools</h1>
      {error ? (
        <p role="alert" className="mt-3 text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
      {notice ? (
        <p role="status" className="mt-3 break-all text-sm text-lime-700 dark:text-lime-400">
          {notice}
        </p>
      ) : null}
      <EnvVars data={data} act={act} />
      <Hooks data={data} act={act} onSecret={(secret) => setNotice(`Signing secret (shown once): ${secret}`)} />
      <Tools data={data} act={act} />
    </div>
  );
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type Act = (work: () => Promise<unknown>, ask?: { title: string; description: string; confirmLabel: string }) => Promise<boolean>;

function EnvVars({ data, act }: { data: Data; act: Act }) {
  const [name, setName] = useState("");
  const [scope, setScope] = useState("project");
  const [scopeId, setScopeId] = useState<number | "">(data.projects[0]?.id ?? "");
  const form = useForm();
  const [canCreateSet, canDeleteSet, canDeleteVar] = [
    useCanCall("envVars.createSet"),
    useCanCall("envVars.deleteSet"),
    useCanCall("envVars.deleteVar"),
  ];
  const targets =
    scope === "project"
      ? data.projects.map((p) => ({ id: p.id, label: `${p.key} · ${p.name}` }))
      : data.repositories.map((r) => ({ id: r.id, label: r.fullName }));
  return (
    <section className={section} aria-labelledby="env-heading">
      <h2 id="env-heading" className="font-semibold">
        Env var sets
      </h2>
      <p className="text-xs text-zinc-500 dark:text-zinc-400">
        Encrypted; injected into agent workspaces of the project or repository; masked in every event.
      </p>
      <form
        className="mt-2 flex flex-wrap gap-2"
        noValidate
        onSubmit={(event: FormEvent) => {
          event.preventDefault();
          if (scopeId)
            void form.submit(() =>
              trpc.envVars.createSet.mutate({ name, scope: scope as "project", scopeId }).then(() => setName("")),
            );
        }}
      >
        <input
          aria-label="Set name"
          placeholder="Set name"
          className={box}
          value={name}
          onChange={(e) => setName(e.target.value)}
          {...form.field("name")}
        />
        <select
          aria-label="Scope"
          className={box}
          value={scope}
          onChange={(e) => {
            setScope(e.target.value);
            setScopeId("");
          }}
        >
          <option value="project">Project</option>
          <option value="repository">Repository</option>
        </select>
        <select aria-label="Scope target" className={box} value={scopeId} onChange={(e) => setScopeId(Number(e.target.value))}>
          <option value="">Choose…</option>
          {targets.map((target) => (
            <option key={target.id} value={target.id}>
              {target.label}
            </option>
          ))}
        </select>
        <button
          type="submit"
          {...canCreateSet.control(!name || !scopeId)}
          className="rounded-md bg-lime-700 px-3 text-sm text-white disabled:opacity-50"
        >
          Add set
        </button>
        <div className="basis-full">
          <FieldError {...form.error("name")} />
          <FormSummary message={form.errors.summary} />
        </div>
      </form>
      {data.sets.map((set) => (
        <div key={set.id} className="mt-3 rounded border border-zinc-100 p-2 text-sm dark:border-zinc-900">
          <div className="flex items-center gap-2">
            <strong>{set.name}</strong>
            <span className="text-xs text-zinc-500 dark:text-zinc-400">{set.scope}</span>
            <button
              type="button"
              {...canDeleteSet.control()}
              className="ml-auto text-xs text-red-700 dark:text-red-400"
              onClick={() =>
                act(() => trpc.envVars.deleteSet.mutate({ setId: set.id }), {
                  title: `Delete the env var set ${set.name}?`,
                  description: `Its ${set.vars.length} variable(s) are deleted for good; runs no longer get them.`,
                  confirmLabel: "Delete set",
                })
              }
            >
              Delete set
            </button>
          </div>
          <ul className="mt-1">
            {set.vars.map((entry) => (
              <li key={entry.id} className="flex items-center gap-2 font-mono text-xs">
                {entry.key} = ••••••
                <button
                  type="button"
                  {...canDeleteVar.control()}
                  className="text-red-700 dark:text-red-400"
                  onClick={() =>
                    act(() => trpc.envVars.deleteVar.mutate({ varId: entry.id }), {
                      title: `Remove ${entry.key}?`,
                      description: "Its value cannot be recovered; the next runs will not have it.",
                      confirmLabel: "Remove variable",
                    })
                  }
                >
                  remove
                </button>
              </li>
            ))}
          </ul>
          <VarForm setId={set.id} />
        </div>
      ))}
    </section>
  );
}

function VarForm({ setId }: { setId: number }) {
  const [key, setKey] = useState("");
  const [value, setValue] = useState("");
  const form = useForm();
  const canSetVar = useCanCall("envVars.setVar");
  return (
    <form
      className="mt-1 flex flex-col gap-1"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void form.submit(() =>
          trpc.envVars.setVar.mutate({ setId, key, value }).then(() => {
            setKey("");
            setValue("");
          }),
        );
      }}
    >
      <div className="flex flex-wrap gap-2">
        <input
          aria-label="Variable name"
          {...form.field("key")}
          placeholder="NAME"
          className={`${box} font-mono text-xs`}
          value={key}
          onChange={(e) => setKey(e.target.value.toUpperCase())}
        />
        <input
          aria-label="Variable value"
          type="password"
          placeholder="value"
          className={`${box} text-xs`}
          value={value}
          onChange={(e) => setValue(e.target.value)}
          {...form.field("value")}
        />
        <button type="submit" {...canSetVar.control(!key)} className="text-xs">
          Set
        </button>
      </div>
      <FieldError {...form.error("key")} />
      <FieldError {...form.error("value")} />
      <FormSummary message={form.errors.summary} />
    </form>
  );
}

function Hooks({ data, act, onSecret }: { data: Data; act: Act; onSecret: (secret: string) => void }) {
  const [name, setName] = useState("");
  const [event, setEvent] = useState("run.completed");
  const [kind, setKind] = useState<"webhook" | "script">("webhook");
  const [target, setTarget] = useState("");
  const form = useForm({ fieldOf: (path) => (path === "targetUrl" || path === "script" ? "target" : path || null) });
  const canCreateHook = useCanCall("hooks.create");
  return (
    <section className={section} aria-labelledby="hooks-heading">
      <h2 id="hooks-heading" className="font-semibold">
        Hooks
      </h2>
      <p className="text-xs text-zinc-500 dark:text-zinc-400">
        Signed HTTPS webhooks (X-Assembly-Lime-Signature-256) retried with backoff, or scripts run with a time limit and a clean
        environment.
      </p>
      <form
        className="mt-2 flex flex-wrap gap-2"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void form.submit(async () => {
            const hook = await trpc.hooks.create.mutate({
              name,
              event: event as "run.completed",
              kind,
              ...(kind === "webhook" ? { targetUrl: target } : { script: target }),
            });
            if (hook.secret) onSecret(hook.secret);
            setName("");
            setTarget("");
          });
        }}
      >
        <input
          aria-label="Hook name"
          placeholder="Name"
          className={box}
          value={name}
          onChange={(e) => setName(e.target.value)}
          {...form.field("name")}
        />
        <select aria-label="Event" className={box} value={event} onChange={(e) => setEvent(e.target.value)}>
          {["run.completed", "run.failed", "ticket.moved", "pr.merged"].map((name) => (
            <option key={name}>{name}</option>
          ))}
        </select>
        <select aria-label="Kind" className={box} value={kind} onChange={(e) => setKind(e.target.value as "webhook")}>
          <option value="webhook">Webhook</option>
          <option value="script">Script</option>
        </select>
        <input
          aria-label="Target"
          placeholder={kind === "webhook" ? "https://…" : "shell script (payload on stdin)"}
          className={`${box} flex-1`}
          value={target}
          onChange={(e) => setTarget(e.target.value)}
          {...form.field("target")}
        />
        <button
          type="submit"
          {...canCreateHook.control(!name || !target)}
          className="rounded-md bg-lime-700 px-3 text-sm text-white disabled:opacity-50"
        >
          Add hook
        </button>
        <div className="basis-full">
          <FieldError {...form.error("name")} />
          <FieldError {...form.error("target")} />
          <FormSummary message={form.errors.summary} />
        </div>
      </form>
      <ul className="mt-3 flex flex-col gap-2">
        {data.hooks.map((hook) => (
          <li key={hook.id} className="text-sm">
            <HookRow hook={hook} act={act} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function HookRow({ hook, act }: { hook: Data["hooks"][number]; act: Act }) {
  const [deliveries, setDeliveries] = useState<Awaited<ReturnType<typeof trpc.hooks.deliveries.query>> | null>(null);
  const [canUpdate, canTest, canSeeDeliveries, canDelete] = [
    useCanCall("hooks.update"),
    useCanCall("hooks.test"),
    useCanCall("hooks.deliveries"),
    useCanCall("hooks.delete"),
  ];
  return (
    <div className="rounded border border-zinc-100 p-2 dark:border-zinc-900">
      <div className="flex items-center gap-2">
        <strong>{hook.name}</strong>
        <span className="text-xs text-zinc-500 dark:text-zinc-400">
          {hook.event} → {hook.kind === "webhook" ? hook.targetUrl : "script"}
        </span>
        <span className="ml-auto flex gap-2 text-xs">
          <button
            type="button"
            {...canUpdate.control()}
            onClick={() => act(() => trpc.hooks.update.mutate({ hookId: hook.id, enabled: !hook.enabled }))}
          >
            {hook.enabled ? "Disable" : "Enable"}
          </button>
          <button type="button" {...canTest.control()} onClick={() => act(() => trpc.hooks.test.mutate({ hookId: hook.id }))}>
            Send test
          </button>
          <button
            type="button"
            {...canSeeDeliveries.control()}
            onClick={async () => setDeliveries(await trpc.hooks.deliveries.query({ hookId: hook.id }))}
          >
            Deliveries
          </button>
          <button
            type="button"
            {...canDelete.control()}
            className="text-red-700 dark:text-red-400"
            onClick={() =>
              act(() => trpc.hooks.delete.mutate({ hookId: hook.id }), {
                title: `Delete the hook ${hook.name}?`,
                description: "It stops firing, and its delivery history is deleted with it.",
                confirmLabel: "Delete hook",
              })
            }
          >
            Delete
          </button>
        </span>
      </div>
      {deliveries ? (
        <ul className="mt-1 text-xs">
          {deliveries.length === 0 ? <li className="text-zinc-500 dark:text-zinc-400">No deliveries yet.</li> : null}
          {deliveries.map((delivery) => (
            <li key={delivery.id}>
              #{delivery.id} {delivery.event} · {delivery.status} · {delivery.attempts} attempt(s) ·{" "}
              {delivery.responseStatus ?? "—"} {delivery.error ?? ""}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function Tools({ data, act }: { data: Data; act: Act }) {
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [endpoint, setEndpoint] = useState("");
  const [schema, setSchema] = useState('{ "type": "object", "properties": {} }');
  const form = useForm({ fieldOf: (path) => (path.startsWith("inputSchema") ? "inputSchema" : path || null) });
  const [canCreateTool, canUpdateTool, canDeleteTool] = [
    useCanCall("tools.create"),
    useCanCall("tools.update"),
    useCanCall("tools.delete"),
  ];
  return (
    <section className={section} aria-labelledby="tools-heading">
      <h2 id="tools-heading" className="font-semibold">
        Custom tools
      </h2>
      <p className="text-xs text-zinc-500 dark:text-zinc-400">
        Offered to agents next to the built-in tools; a call POSTs its input as JSON to the endpoint. Allowlists per provider:{" "}
        {`Claude: ${data.tools.allowlists.claude.join(", ") || "all"} · Codex: ${data.tools.allowlists.codex.join(", ") || "all"}`}
        .
      </p>
      <form
        className="mt-2 flex flex-col gap-2"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void form.submit(async () => {
            const inputSchema = parseJsonField(schema, "inputSchema", "Input schema") as Record<string, unknown>;
            await trpc.tools.create.mutate({ name, description, endpointUrl: endpoint, inputSchema });
            setName("");
            setDescription("");
          });
        }}
      >
        <div className="flex flex-wrap gap-2">
          <input
            aria-label="Tool name"
            placeholder="tool_name"
            className={`${box} font-mono`}
            value={name}
            onChange={(e) => setName(e.target.value)}
            {...form.field("name")}
          />
          <input
            aria-label="Endpoint"
            placeholder="https://…"
            className={`${box} flex-1`}
            value={endpoint}
            onChange={(e) => setEndpoint(e.target.value)}
            {...form.field("endpointUrl")}
          />
        </div>
        <FieldError {...form.error("name")} />
        <FieldError {...form.error("endpointUrl")} />
        <input
          aria-label="Tool description"
          placeholder="What it does (the model reads this)"
          className={box}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          {...form.field("description")}
        />
        <FieldError {...form.error("description")} />
        <textarea
          aria-label="Input schema"
          rows={3}
          className={`${box} font-mono text-xs`}
          value={schema}
          onChange={(e) => setSchema(e.target.value)}
          {...form.field("inputSchema")}
        />
        <FieldError {...form.error("inputSchema")} />
        <FormSummary message={form.errors.summary} />
        <button
          type="submit"
          {...canCreateTool.control(!name || !endpoint || !description)}
          className="self-end rounded-md bg-lime-700 px-3 py-1 text-sm text-white disabled:opacity-50"
        >
          Add tool
        </button>
      </form>
      <ul className="mt-3 flex flex-col gap-1 text-sm">
        {data.tools.tools.map((tool) => (
          <li key={tool.id} className="flex items-center gap-2">
            <code>{tool.name}</code>
            <span className="text-xs text-zinc-500 dark:text-zinc-400">{tool.endpointUrl}</span>
            <button
              type="button"
              {...canUpdateTool.control()}
              className="ml-auto text-xs"
              onClick={() => act(() => trpc.tools.update.mutate({ toolId: tool.id, enabled: !tool.enabled }))}
            >
              {tool.enabled ? "Disable" : "Enable"}
            </button>
            <button
              type="button"
              {...canDeleteTool.control()}
              className="text-xs text-red-700 dark:text-red-400"
              onClick={() =>
                act(() => trpc.tools.delete.mutate({ toolId: tool.id }), {
                  title: `Delete the tool ${tool.name}?`,
                  description: "Agents are no longer offered it; runs that call it get an error.",
                  confirmLabel: "Delete tool",
                })
              }
            >
              Delete
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
