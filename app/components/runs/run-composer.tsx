import { useEffect, useRef, useState, type ClipboardEvent, type FormEvent } from "react";
import { useCanCall } from "~/permissions";
import { FieldError, FormSummary, useForm } from "~/components/ui/form";
import { errorMessage, trpc } from "~/trpc";

export type ProviderOption = {
  id: "claude" | "codex";
  label: string;
  configured: boolean;
  models: Array<{ id: string; label: string }>;
};
type Mode = "plan" | "implement" | "bugfix" | "review";
type Attached = { id: number; url: string; name: string };

const MODES: Array<{ id: Mode; label: string; hint: string }> = [
  { id: "implement", label: "Implement", hint: "Make the change" },
  { id: "bugfix", label: "Bugfix", hint: "Find and fix a bug" },
  { id: "plan", label: "Plan", hint: "Read-only: write a plan" },
  { id: "review", label: "Review", hint: "Read-only: review code" },
];

/**
 * Launches a run: provider, model and mode pickers, a prompt with image paste
 * (or pick), and the ticket or project it belongs to. Errors from the server
 * (an unconfigured provider, an invalid prompt) show beside the field they name, the rest above the button.
 */
/** The composer's field for each of the server's (`imageIds.0` → the images). */
function composerField(path: string) {
  const head = path.split(".")[0] ?? "";
  if (head === "orchestrationMode") return "featureId";
  return ["provider", "model", "prompt", "projectId", "featureId", "clusterId", "imageIds"].includes(head) ? head : null;
}

export function RunComposer(props: {
  providers: ProviderOption[];
  ticket?: { id: number; key: string; title: string } | null;
  projects?: Array<{ id: number; key: string; name: string }>;
  /** Multi-repo: features whose repositories a run can fan out over. */
  features?: Array<{ id: number; name: string; repositories: Array<{ fullName: string }> }>;
  /** Kubernetes clusters a run may execute on (otherwise this machine). */
  clusters?: Array<{ id: number; name: string; status: string }>;
  defaultPrompt?: string;
  compact?: boolean;
  onCreated: (run: { id: number }) => void;
}) {
  const canLaunch = useCanCall("agentRuns.create");
  const firstConfigured = props.providers.find((p) => p.configured) ?? props.providers[0];
  const [provider, setProvider] = useState<ProviderOption["id"]>(firstConfigured?.id ?? "claude");
  const providerOption = props.providers.find((p) => p.id === provider);
  const [model, setModel] = useState(providerOption?.models[0]?.id ?? "");
  const [mode, setMode] = useState<Mode>("implement");
  const [prompt, setPrompt] = useState(props.defaultPrompt ?? "");
  const [projectId, setProjectId] = useState<number | "">("");
  const [featureId, setFeatureId] = useState<number | "">("");
  const [clusterId, setClusterId] = useState<number | "">("");
  const [orchestrationMode, setOrchestrationMode] = useState<"parallel" | "sequential">("parallel");
  const [images, setImages] = useState<Attached[]>([]);
  const [uploading, setUploading] = useState(false);
  const form = useForm({ revalidate: false, fieldOf: composerField });

  // Previews are object URLs: freed when an image is removed, sent, or the composer goes away.
  const imagesRef = useRef(images);
  imagesRef.current = images;
  useEffect(() => () => imagesRef.current.forEach((image) => URL.revokeObjectURL(image.url)), []);
  const removeImage = (image: Attached) => {
    URL.revokeObjectURL(image.url);
    setImages((current) => current.filter((item) => item.id !== image.id));
  };

  async function upload(files: File[]) {
    setUploading(true);
    form.clear();
    try {
      for (const file of files) {
        const response = await fetch(`/api/images?filename=${encodeURIComponent(file.name || "pasted.png")}`, {
          method: "POST",
          body: file,
          headers: { "content-type": file.type || "application/octet-stream" },
        });
        const body = (await response.json().catch(() => null)) as { id?: number; error?: { message: string } } | null;
        if (!response.ok || !body?.id) throw new Error(body?.error?.message ?? `Upload failed (${response.status}).`);
        setImages((current) => [...current, { id: body.id!, url: URL.createObjectURL(file), name: file.name || "pasted image" }]);
      }
    } catch (cause) {
      form.setErrors({ fields: { imageIds: errorMessage(cause) }, summary: null });
    } finally {
      setUploading(false);
    }
  }

  function onPaste(event: ClipboardEvent<HTMLTextAreaElement>) {
    const files = [...event.clipboardData.files].filter((file) => file.type.startsWith("image/"));
    if (files.length === 0) return;
    event.preventDefault();
    void upload(files);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (form.pending) return;
    await form.submit(async () => {
      const run = await trpc.agentRuns.create.mutate({
        provider,
        model: model || undefined,
        mode,
        prompt,
        ticketId: props.ticket?.id ?? null,
        projectId: props.ticket ? null : projectId || null,
        imageIds: images.map((image) => image.id),
        ...(featureId ? { featureId, orchestrationMode } : {}),
        ...(clusterId ? { clusterId } : {}),
      });
      setPrompt("");
      images.forEach((image) => URL.revokeObjectURL(image.url));
      setImages([]);
      props.onCreated(run);
    });
  }

  const select = "rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900";
  return (
    <form noValidate onSubmit={submit} className="flex flex-col gap-3" aria-label="Launch an agent run">
      <div className="flex flex-wrap items-center gap-2">
        <label className="sr-only" htmlFor="run-provider">
          Provider
        </label>
        <select
          id="run-provider"
          className={select}
          value={provider}
          onChange={(e) => {
            // A new provider starts from its default model; a page reload (new `providers`) keeps the user's choice.
            const next = e.target.value as ProviderOption["id"];
            setProvider(next);
            setModel(props.providers.find((p) => p.id === next)?.models[0]?.id ?? "");
          }}
          {...form.field("provider")}
        >
          {props.providers.map((option) => (
            <option key={option.id} value={option.id}>
              {option.label}
              {option.configured ? "" : " (not configured)"}
            </option>
          ))}
        </select>
        <label className="sr-only" htmlFor="run-model">
          Model
        </label>
        <input
          id="run-model"
          list={`models-${provider}`}
          className={`${select} w-44`}
          value={model}
          onChange={(e) => setModel(e.target.value)}
          placeholder="model"
          {...form.field("model")}
        />
        <datalist id={`models-${provider}`}>
          {providerOption?.models.map((option) => (
            <option key={option.id} value={option.id}>
              {option.label}
            </option>
          ))}
        </datalist>
        <div
          role="radiogroup"
          aria-label="Mode"
          className="flex overflow-hidden rounded-md border border-zinc-300 dark:border-zinc-700"
        >
          {MODES.map((option) => (
            <button
              key={option.id}
              type="button"
              role="radio"
              aria-checked={mode === option.id}
              title={option.hint}
              onClick={() => setMode(option.id)}
              className={`px-2.5 py-1.5 text-sm ${mode === option.id ? "bg-lime-700 text-white" : "bg-white hover:bg-zinc-50 dark:bg-zinc-900 dark:hover:bg-zinc-800"}`}
            >
              {option.label}
            </button>
          ))}
        </div>
        {props.clusters && props.clusters.length ? (
          <>
            <label className="sr-only" htmlFor="run-executor">
              Executor
            </label>
            <select
              id="run-executor"
              className={select}
              value={clusterId}
              onChange={(e) => setClusterId(e.target.value ? Number(e.target.value) : "")}
              {...form.field("clusterId")}
            >
              <option value="">On this machine</option>
              {props.clusters.map((cluster) => (
                <option key={cluster.id} value={cluster.id} disabled={cluster.status !== "ready"}>
                  Kubernetes: {cluster.name}
                  {cluster.status !== "ready" ? ` (${cluster.status})` : ""}
                </option>
              ))}
            </select>
          </>
        ) : null}
        {!props.ticket && props.projects ? (
          <>
            <label className="sr-only" htmlFor="run-project">
              Project
            </label>
            <select
              id="run-project"
              className={select}
              value={projectId}
              onChange={(e) => setProjectId(e.target.value ? Number(e.target.value) : "")}
              {...form.field("projectId")}
            >
              <option value="">No project</option>
              {props.projects.map((project) => (
                <option key={project.id} value={project.id}>
                  {project.key} · {project.name}
                </option>
              ))}
            </select>
          </>
        ) : null}
      </div>
      {(["provider", "model", "clusterId", "projectId"] as const).map((name) => (
        <FieldError key={name} {...form.error(name)} />
      ))}
      {props.features && props.features.length ? (
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <label htmlFor="run-feature" className="text-xs text-zinc-500 dark:text-zinc-400">
            Multi-repo
          </label>
          <select
            id="run-feature"
            className={select}
            value={featureId}
            onChange={(e) => setFeatureId(e.target.value ? Number(e.target.value) : "")}
            {...form.field("featureId")}
          >
            <option value="">Single repository</option>
            {props.features.map((feature) => (
              <option key={feature.id} value={feature.id}>
                {feature.name} ({feature.repositories.length} repos)
              </option>
            ))}
          </select>
          {featureId ? (
            <select
              aria-label="Order"
              className={select}
              value={orchestrationMode}
              onChange={(e) => setOrchestrationMode(e.target.value as "parallel" | "sequential")}
            >
              <option value="parallel">In parallel</option>
              <option value="sequential">In sequence (highest impact first)</option>
            </select>
          ) : null}
          <FieldError {...form.error("featureId")} />
        </div>
      ) : null}
      {props.ticket ? (
        <p className="text-xs text-zinc-500 dark:text-zinc-400">
          With ticket <strong>{props.ticket.key}</strong> ({props.ticket.title}) as context.
        </p>
      ) : null}
      {providerOption && !providerOption.configured ? (
        <p
          role="note"
          className="rounded-md bg-amber-50 px-3 py-2 text-xs text-amber-900 dark:bg-amber-950/40 dark:text-amber-200"
        >
          {providerOption.label} is not configured on this server (
          {provider === "claude" ? "ANTHROPIC_API_KEY" : "OPENAI_API_KEY or OPENAI_BASE_URL"}).
        </p>
      ) : null}
      <label className="sr-only" htmlFor="run-prompt">
        Prompt
      </label>
      <textarea
        id="run-prompt"
        value={prompt}
        onChange={(e) => setPrompt(e.target.value)}
        onPaste={onPaste}
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) void submit(e);
        }}
        rows={props.compact ? 3 : 5}
        placeholder="What should the agent do? Paste screenshots straight in. ⌘/Ctrl+Enter to launch."
        className="w-full rounded-md border border-zinc-300 bg-white p-3 text-sm aria-[invalid=true]:border-red-600 dark:border-zinc-700 dark:bg-zinc-900 dark:aria-[invalid=true]:border-red-400"
        {...form.field("prompt")}
      />
      <FieldError {...form.error("prompt")} />
      {images.length ? (
        <ul className="flex flex-wrap gap-2" aria-label="Attached images">
          {images.map((image) => (
            <li key={image.id} className="relative">
              <img src={image.url} alt={image.name} className="h-16 w-16 rounded border border-zinc-200 object-cover" />
              <button
                type="button"
                aria-label={`Remove ${image.name}`}
                onClick={() => removeImage(image)}
                className="absolute -right-1 -top-1 rounded-full bg-zinc-800 px-1.5 text-xs text-white"
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="flex items-center justify-between gap-2">
        <label className="cursor-pointer text-xs text-zinc-500 dark:text-zinc-400 hover:text-zinc-800 dark:hover:text-zinc-200">
          <input
            type="file"
            accept="image/png,image/jpeg,image/gif,image/webp"
            multiple
            className="sr-only"
            onChange={(e) => void upload([...(e.target.files ?? [])])}
            {...form.field("imageIds")}
          />
          {uploading ? "Uploading…" : "Attach images"}
          <FieldError {...form.error("imageIds")} />
        </label>
        <button
          type="submit"
          {...canLaunch.control(form.pending || uploading)}
          className="rounded-md bg-lime-700 px-4 py-1.5 text-sm font-medium text-white hover:bg-lime-800 disabled:opacity-50"
        >
          {form.pending ? "Launching…" : "Launch run"}
        </button>
      </div>
      <FormSummary message={form.errors.summary} />
    </form>
  );
}
