import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

const optionalString = z
  .string()
  .optional()
  .transform((value) => (value ? value : undefined));

/**
 * Every variable the app reads. Each one carries `.meta({ group, description })`:
 * `npm run docs:config` writes docs/configuration.md from it, and a test fails
 * when a variable has none or the page is out of date.
 */
export const EnvSchema = z.object({
  NODE_ENV: z
    .enum(["development", "production", "test"])
    .default("development")
    .meta({ group: "Server", description: "`npm start` sets `production`, `npm run dev` leaves `development`." }),
  PORT: z.coerce.number().int().min(0).max(65535).default(3434).meta({ group: "Server", description: "HTTP port." }),
  HOST: z.string().default("0.0.0.0").meta({ group: "Server", description: "Interface to listen on." }),
  APP_URL: optionalString.meta({
    group: "Server",
    description:
      "Public base URL; unset → `http://localhost:$PORT`. The OAuth callbacks and webhook URLs are built from it. With `https://`, cookies are `Secure`, HSTS is sent and, in production, `ENCRYPTION_KEY` is required.",
  }),
  DATABASE_URL: optionalString.meta({
    group: "Database",
    description: "Use this Postgres (13+); unset → an embedded Postgres under `DATA_DIR/postgres`, started by the app.",
  }),
  DATA_DIR: z.string().default(".data").meta({
    group: "Database",
    description:
      "Local state: the embedded Postgres, uploaded images (without S3), workspaces, and the generated development secrets (`session-secret`, `encryption-key`).",
  }),
  ROLE: z.enum(["all", "web", "worker"]).default("all").meta({
    group: "Operations",
    description:
      "`web` serves HTTP only, `worker` runs the job workers only (and answers `/healthz` and `/readyz` on `PORT` for its probes), `all` does both. Replicas share one Postgres (docs/scaling.md).",
  }),
  LOG_LEVEL: z
    .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])
    .default("info")
    .meta({ group: "Operations", description: "pino log level. Credentials are redacted from every line." }),
  METRICS_TOKEN: optionalString.pipe(z.string().min(16, "use at least 16 characters").optional()).meta({
    group: "Operations",
    description:
      "When set, `/metrics` answers only `Authorization: Bearer <this>` (at least 16 characters). With neither this nor `METRICS_PORT`, `/metrics` is served on the main port only when `HOST` is loopback (docs/metrics.md).",
  }),
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().int().min(1).max(3600).default(25).meta({
    group: "Operations",
    description:
      "How long SIGTERM may take: `/readyz` answers 503 and event streams end at once, requests and jobs in flight get until shortly before this, agent runs still going then are failed. Keep it below the pod's `terminationGracePeriodSeconds`.",
  }),
  METRICS_PORT: optionalString.pipe(z.coerce.number<string | undefined>().int().min(1).max(65535).optional()).meta({
    group: "Operations",
    description: "When set, `/metrics` is served on this port only, by a separate server (also for `ROLE=worker`).",
  }),
  SESSION_SECRET: optionalString.meta({
    group: "Server",
    description: "Signs the session cookie; unset → generated once under `DATA_DIR`. Set the same value on every replica.",
  }),
  SESSION_TTL_DAYS: z.coerce
    .number()
    .int()
    .positive()
    .default(30)
    .meta({ group: "Server", description: "Session lifetime in days." }),
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(1_000_000)
    .meta({ group: "Server", description: "Largest request body accepted (API and forms)." }),
  EVENT_STREAM_MAX_BUFFERED_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(4_000_000)
    .meta({
      group: "Server",
      description:
        "Largest amount a server-sent event stream (run transcripts, board changes) may buffer for a slow client before it is closed; the client resumes from its last event.",
    }),
  EVENT_STREAM_STALL_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(30_000)
    .meta({
      group: "Server",
      description:
        "How long a server-sent event stream may stay blocked on a client that reads nothing before it is closed; the client resumes from its last event.",
    }),
  OUTBOUND_ALLOWED_HOSTS: z
    .string()
    .default("")
    .transform((value) =>
      value
        .split(",")
        .map((host) => host.trim().toLowerCase())
        .filter(Boolean),
    )
    .meta({
      group: "Server",
      description:
        "Comma-separated hosts that hooks and custom tools of every workspace may reach although they resolve to " +
        "private, loopback or link-local addresses (self-hosting on a private network). Workspace admins can allow more.",
    }),
  OUTBOUND_ALLOW_PRIVATE: z
    .enum(["true", "false", "1", "0"])
    .default("false")
    .transform((value) => value === "true" || value === "1")
    .meta({
      group: "Server",
      description:
        "Turns the outbound guard off: hooks and custom tools may reach any address, the app server's own included. " +
        "For tests and demos on one machine only.",
    }),
  GITHUB_CLIENT_ID: optionalString.meta({
    group: "Sign-in & GitHub",
    description:
      "GitHub OAuth app client id, for sign-in and “Connect with GitHub”. Without it (and the secret) the app boots but nobody can sign in.",
  }),
  GITHUB_CLIENT_SECRET: optionalString.meta({ group: "Sign-in & GitHub", description: "GitHub OAuth app client secret." }),
  GITHUB_URL: z
    .string()
    .url()
    .default("https://github.com")
    .meta({ group: "Sign-in & GitHub", description: "GitHub web host (GitHub Enterprise: `https://ghe.example.com`)." }),
  GITHUB_API_URL: z
    .string()
    .url()
    .default("https://api.github.com")
    .meta({ group: "Sign-in & GitHub", description: "GitHub REST API (GitHub Enterprise: `https://ghe.example.com/api/v3`)." }),
  REMIX_DEV_ORIGIN: optionalString.meta({
    group: "Server",
    description: "Set by `remix dev` (`npm run dev`): reload the build on change and report to the dev server.",
  }),
  WORKER_CONCURRENCY: z.coerce.number().int().positive().default(4).meta({
    group: "Operations",
    description: "Jobs one worker process runs at once, per queue (agent runs: `AGENT_RUN_CONCURRENCY`).",
  }),
  ENCRYPTION_KEY: optionalString.meta({
    group: "Operations",
    description:
      "32 bytes, base64 or hex (`openssl rand -base64 32`), sealing connector tokens, kubeconfigs, webhook secrets and env vars. Required when `APP_URL` is `https://` in production; otherwise generated once under `DATA_DIR`. Back it up with the database.",
  }),
  ENCRYPTION_KEYS_PREVIOUS: optionalString.meta({
    group: "Operations",
    description:
      "Earlier keys, comma-separated, still accepted for reading values they sealed (docs/operations.md, key rotation).",
  }),
  ANTHROPIC_API_KEY: optionalString.meta({
    group: "Agents",
    description: "Enables the `claude` provider (Anthropic Messages API).",
  }),
  ANTHROPIC_BASE_URL: optionalString.meta({
    group: "Agents",
    description: "A proxy or Anthropic-compatible server for `claude`; unset → Anthropic's API.",
  }),
  OPENAI_API_KEY: optionalString.meta({
    group: "Agents",
    description: "Enables the `codex` provider (OpenAI's Responses API with tools).",
  }),
  OPENAI_BASE_URL: optionalString.meta({
    group: "Agents",
    description:
      "Any OpenAI-compatible server for `codex` (vLLM, Ollama, LM Studio…; see docs/providers.md); the key is then optional. Unset → OpenAI's API.",
  }),
  OPENAI_API: z.enum(["responses", "chat-completions"]).optional().meta({
    group: "Agents",
    description:
      "Which API `codex` calls: `responses` (OpenAI's Responses API, the only one serving the Codex models) or `chat-completions` (what vLLM, Ollama and LM Studio implement). Unset → `chat-completions` when `OPENAI_BASE_URL` is set, else `responses`.",
  }),
  AGENT_RUN_CONCURRENCY: z.coerce
    .number()
    .int()
    .positive()
    .max(64)
    .default(2)
    .meta({ group: "Agents", description: "Agent runs executed at once by one worker process." }),
  WORKSPACES_DIR: optionalString.meta({
    group: "Agents",
    description: "Where the local executor makes a workspace per run; unset → `DATA_DIR/workspaces`.",
  }),
  KEEP_WORKSPACES: z
    .enum(["true", "false", "1", "0"])
    .default("false")
    .transform((value) => value === "true" || value === "1")
    .meta({ group: "Agents", description: "Keep workspaces after runs (debugging); they are removed by default." }),
  AGENT_RUN_TIMEOUT_SECONDS: z.coerce.number().int().positive().default(3600).meta({
    group: "Agents",
    description:
      "A run's time cap (a run may set a lower one): the agent is warned at 80%, stopped at the cap, and its work is kept (diff, draft pull request).",
  }),
  AGENT_MAX_TURNS: z.coerce.number().int().positive().default(60).meta({
    group: "Agents",
    description:
      "Model calls per run (a run may set its own): the agent is warned three turns before, then stopped, and its work is kept.",
  }),
  AGENT_MAX_COST_USD: z.coerce.number().positive().default(20).meta({
    group: "Agents",
    description:
      "A run's cost cap in US dollars (a run may set its own): the agent is warned at 80%, stopped at the cap, and its work is kept.",
  }),
  AGENT_COMMAND_TIMEOUT_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(120)
    .meta({ group: "Agents", description: "Default and upper limit for one `run_command` tool call." }),
  RUN_STALE_AFTER_SECONDS: z.coerce.number().int().positive().default(60).meta({
    group: "Agents",
    description: "A running run whose heartbeat is older than this (its worker died) is taken as dead and marked failed.",
  }),
  AGENT_IMAGE: z.string().default("ghcr.io/assembly-lime/assembly-lime:latest").meta({
    group: "Kubernetes",
    description: "The image Kubernetes agent Jobs and sandboxes run (the app's own image, which contains the pod runner).",
  }),
  PREVIEW_IMAGE_TEMPLATE: z.string().default("ghcr.io/{owner}/{repo}:{branch}").meta({
    group: "Kubernetes",
    description: "Where a preview's image comes from: `{owner}`, `{repo}` and `{branch}` are filled in.",
  }),
  PREVIEW_DOMAIN: z
    .string()
    .default("preview.localhost")
    .meta({ group: "Kubernetes", description: "Base domain for preview hosts when the workspace has none." }),
  DNS_SERVERS: optionalString
    .transform((value) => value?.split(",").map((server) => server.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^(\[[0-9a-fA-F:]+\]|[0-9.]+)(:\d{1,5})?$/, "an IP address, optionally with :port")).optional())
    .meta({
      group: "Kubernetes",
      description:
        "Comma-separated DNS servers (`1.1.1.1`, `10.0.0.2:53`) that custom-domain checks ask for `_assembly-lime-challenge` TXT records and that resolve clusters' API server names for the outbound check; unset → the system's resolvers.",
    }),
  S3_BUCKET: optionalString.meta({
    group: "Storage",
    description: "Uploaded images go to this S3-compatible bucket; unset → files under `DATA_DIR/images`.",
  }),
  S3_ENDPOINT: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()).meta({
    group: "Storage",
    description:
      "An `http(s)` URL of a custom endpoint (MinIO, R2, …); unset → AWS S3 for `S3_REGION`. " +
      "With a custom endpoint, checksums are sent and checked only when the operation requires them " +
      "(R2 and others refuse the SDK's default CRC32 headers).",
  }),
  S3_REGION: z.string().default("us-east-1").meta({ group: "Storage", description: "The bucket's region." }),
  S3_ACCESS_KEY_ID: optionalString.meta({
    group: "Storage",
    description: "Unset → the AWS SDK's default credential chain (instance role, `AWS_*` variables, …).",
  }),
  S3_SECRET_ACCESS_KEY: optionalString.meta({ group: "Storage", description: "The secret belonging to `S3_ACCESS_KEY_ID`." }),
  S3_FORCE_PATH_STYLE: z
    .enum(["true", "false", "1", "0"])
    .default("true")
    .transform((value) => value === "true" || value === "1")
    .meta({
      group: "Storage",
      description:
        "`{endpoint}/{bucket}/{key}` URLs rather than `{bucket}.{endpoint}/{key}` (most S3-compatible servers need this).",
    }),
  AGENT_CONTEXT_BUDGET_TOKENS: z.coerce.number().int().positive().optional().meta({
    group: "Agents",
    description:
      "Overrides every model's context budget (tokens); unset → the model's own. Compaction never starts later than 75% of it.",
  }),
  AGENT_COMPACT_AT_TOKENS: z.coerce.number().int().positive().default(100_000).meta({
    group: "Agents",
    description:
      "Prompt size (tokens) at which a run's conversation is compacted: old tool outputs are masked, then, if still over, the earlier turns are summarised by the `agent-run.compact` job. Capped at 75% of the model's context budget.",
  }),
});

export type Env = z.infer<typeof EnvSchema> & {
  APP_URL: string;
  /** Cookies are `Secure` (and HSTS is sent) when the app is served over HTTPS. */
  secureCookies: boolean;
  /** Generated once under DATA_DIR when not set; set it when several replicas share sessions. */
  SESSION_SECRET: string;
  githubLoginConfigured: boolean;
  WORKSPACES_DIR: string;
};

let cached: Env | undefined;

/** Reads and validates the environment once; nothing else reads `process.env`. */
export function getEnv(source: NodeJS.ProcessEnv = process.env): Env {
  if (cached && source === process.env) return cached;
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment:\n${problems.join("\n")}`);
  }
  const env = parsed.data;
  const appUrl = (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, "");
  const result: Env = {
    ...env,
    APP_URL: appUrl,
    secureCookies: appUrl.startsWith("https://"),
    SESSION_SECRET: env.SESSION_SECRET ?? devSecret(env.DATA_DIR, "session-secret"),
    githubLoginConfigured: Boolean(env.GITHUB_CLIENT_ID && env.GITHUB_CLIENT_SECRET),
    WORKSPACES_DIR: path.resolve(env.WORKSPACES_DIR ?? path.join(env.DATA_DIR, "workspaces")),
  };
  if (source === process.env) cached = result;
  return result;
}

/** Forgets the cached environment (tests that change process.env before starting parts of the app). */
export function clearEnvCache() {
  cached = undefined;
}

/** A secret generated once per data dir, so development needs no set-up. */
function devSecret(dataDir: string, name: string) {
  const file = path.resolve(dataDir, name);
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
