import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

const optionalString = z
  .string()
  .optional()
  .transform((value) => (value ? value : undefined));

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3434),
  HOST: z.string().default("0.0.0.0"),
  /** Public base URL of the app; the OAuth callback is built from it. */
  APP_URL: optionalString,
  /** Unset → an embedded Postgres under DATA_DIR/postgres. */
  DATABASE_URL: optionalString,
  DATA_DIR: z.string().default(".data"),
  ROLE: z.enum(["all", "web", "worker"]).default("all"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Signs the session cookie. Generated under DATA_DIR in development. */
  SESSION_SECRET: optionalString,
  SESSION_TTL_DAYS: z.coerce.number().int().positive().default(30),
  BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(1_000_000),
  GITHUB_CLIENT_ID: optionalString,
  GITHUB_CLIENT_SECRET: optionalString,
  GITHUB_URL: z.string().url().default("https://github.com"),
  GITHUB_API_URL: z.string().url().default("https://api.github.com"),
  /** Set by `remix dev`: reload the build on change and report to the dev server. */
  REMIX_DEV_ORIGIN: optionalString,
  /**
   * How long SIGTERM may take: streams end at once, requests and jobs in flight get until
   * shortly before this, agent runs still going then are failed. Keep it below the pod's
   * terminationGracePeriodSeconds.
   */
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().int().min(1).max(3600).default(25),
  /** Queue workers per process for each job queue. */
  WORKER_CONCURRENCY: z.coerce.number().int().positive().default(4),

  /** 32 bytes (base64 or hex) sealing connector tokens, kubeconfigs and env vars. Required in production. */
  ENCRYPTION_KEY: optionalString,
  /** Earlier keys, comma-separated, still accepted for reading while values are re-sealed with the new one. */
  ENCRYPTION_KEYS_PREVIOUS: optionalString,
  /** Claude: an Anthropic key; the base URL points at a proxy or a compatible server. */
  ANTHROPIC_API_KEY: optionalString,
  ANTHROPIC_BASE_URL: optionalString,
  /** Codex: an OpenAI key; with OPENAI_BASE_URL any OpenAI-compatible server (a self-hosted model) works, key optional. */
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalString,
  /** Agent runs executed at once by one process. */
  AGENT_RUN_CONCURRENCY: z.coerce.number().int().positive().max(64).default(2),
  /** Where the local executor makes a workspace per run; defaults to DATA_DIR/workspaces. */
  WORKSPACES_DIR: optionalString,
  /** Keep workspaces after runs (debugging); they are removed by default. */
  KEEP_WORKSPACES: z
    .enum(["true", "false", "1", "0"])
    .default("false")
    .transform((value) => value === "true" || value === "1"),
  /** The longest a run may take before it is stopped. */
  AGENT_RUN_TIMEOUT_SECONDS: z.coerce.number().int().positive().default(3600),
  AGENT_MAX_TURNS: z.coerce.number().int().positive().default(60),
  /** Default and upper limit for one `run_command` tool call. */
  AGENT_COMMAND_TIMEOUT_SECONDS: z.coerce.number().int().positive().default(120),
  /** A running run whose heartbeat is older than this is taken as dead and marked failed. */
  RUN_STALE_AFTER_SECONDS: z.coerce.number().int().positive().default(60),
  /** The image Kubernetes agent Jobs and sandboxes run (the app's own image, which contains the pod runner). */
  AGENT_IMAGE: z.string().default("ghcr.io/assembly-lime/assembly-lime:latest"),
  /** Where a preview's image comes from: {owner}, {repo} and {branch} are filled in. */
  PREVIEW_IMAGE_TEMPLATE: z.string().default("ghcr.io/{owner}/{repo}:{branch}"),
  /** Base domain for preview hosts when the workspace has none. */
  PREVIEW_DOMAIN: z.string().default("preview.localhost"),
  /** Uploaded images go to this S3-compatible bucket when S3_BUCKET is set; otherwise to DATA_DIR/images. */
  S3_BUCKET: optionalString,
  /** A custom endpoint (MinIO, R2, …); unset → AWS S3 for S3_REGION. */
  S3_ENDPOINT: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  S3_REGION: z.string().default("us-east-1"),
  /** Unset → the AWS SDK's default credential chain (instance role, AWS_* variables, …). */
  S3_ACCESS_KEY_ID: optionalString,
  S3_SECRET_ACCESS_KEY: optionalString,
  /** `{endpoint}/{bucket}/{key}` URLs rather than `{bucket}.{endpoint}/{key}` (most S3-compatible servers need this). */
  S3_FORCE_PATH_STYLE: z
    .enum(["true", "false", "1", "0"])
    .default("true")
    .transform((value) => value === "true" || value === "1"),
  /** Overrides every model's context budget (tokens) — compaction starts at 75% of it. */
  AGENT_CONTEXT_BUDGET_TOKENS: z.coerce.number().int().positive().optional(),
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
