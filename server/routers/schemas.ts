import { z } from "zod";

/** Shared input pieces, so every router validates ids and text the same way. */
export const ZId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** A model name as a provider takes it (`claude-sonnet-4-6`, `qwen2.5-coder:32b`, `org/model@rev`). */
export const ZModelName = z
  .string()
  .trim()
  .regex(/^[\w.:/@-]{1,100}$/, "Model names are letters, digits and . : / @ - (at most 100).");

export const ZTitle = z.string().trim().min(1, "Title cannot be empty.").max(200, "Title is at most 200 characters.");

export const ZMarkdown = z.string().max(20_000, "Text is at most 20,000 characters.");

export const ZPriority = z.enum(["urgent", "high", "medium", "low"]);

export const ZLabels = z
  .array(z.string().trim().min(1, "Labels cannot be empty.").max(40, "A label is at most 40 characters."))
  .max(20, "At most 20 labels.")
  .transform((labels) => [...new Set(labels)]);

export const ZColumnKey = z.string().trim().min(1).max(40);

export const ZProjectKey = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z][A-Z0-9]{1,9}$/, "Key must be 2–10 letters or digits, starting with a letter (e.g. LIME).");

/** A git branch (or ref) name: no whitespace and none of `~^:?*[\`; `message` says what was expected. */
export const zBranchName = (message: string) =>
  z
    .string()
    .trim()
    .min(1)
    .max(250)
    .regex(/^[^\s~^:?*[\\]+$/, message);

export const ZCursor = z.string().max(20).nullish();

export const ZProjectName = z.string().trim().min(1, "Name cannot be empty.").max(100, "Name is at most 100 characters.");

/** A project by id or by key (`LIME`). */
export const ZProjectRef = z.union([z.object({ projectId: ZId }), z.object({ key: ZProjectKey })]);

export const ZProvider = z.enum(["claude", "codex"]);

export const ZMode = z.enum(["plan", "implement", "bugfix", "review"]);

export const ZRunStatus = z.enum(["queued", "running", "completed", "failed", "cancelled"]);

export const ZToolName = z
  .string()
  .trim()
  .regex(/^[a-zA-Z][a-zA-Z0-9_-]{0,63}$/, "Tool names are letters, digits, _ and -, starting with a letter.");

/** A Kubernetes resource quantity. */
export const ZQuantity = z
  .string()
  .trim()
  .regex(/^\d+(\.\d+)?(m|Ki|Mi|Gi|Ti)?$/, "A Kubernetes quantity like 8, 500m or 16Gi.");

export const ZBranch = zBranchName("Not a valid branch name.");

/** A feature as created or saved: its repositories and the names people use for it. */
export const ZFeature = z.object({
  name: z.string().trim().min(1, "Name the feature.").max(120),
  description: z.string().max(5_000).default(""),
  projectId: ZId.nullable().default(null),
  repositories: z
    .array(z.object({ repositoryId: ZId, relativeImpact: z.number().min(0).max(1).default(1) }))
    .min(1, "Choose at least one repository: a run on the feature works in each of them.")
    .max(20, "At most 20 repositories per feature."),
  aliases: z.array(z.string().trim().min(1).max(60)).max(20).default([]),
});

export const ZInstructionText = z.string().max(20_000, "Instructions are at most 20,000 characters.");

export const ZInstructionTitle = z
  .string()
  .trim()
  .min(1, "Give the instructions a title.")
  .max(120, "Titles are at most 120 characters.");

export const ZGitHubToken = z
  .string()
  .trim()
  .min(20, "That does not look like a GitHub token.")
  .max(255, "That does not look like a GitHub token.")
  .regex(/^[A-Za-z0-9_]+$/, "A GitHub token has only letters, digits and underscores.");

/** A branch or ref in a repository; absent means the default branch. */
export const ZRef = zBranchName("Not a valid branch or ref name.").optional();

/** A path inside a repository; never climbs out of it. */
export const ZPath = z
  .string()
  .trim()
  .min(1)
  .max(1000)
  .refine((path) => !path.split("/").includes(".."), "Paths cannot contain '..'.");

export const ZAlias = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{0,39}$/, "Aliases are 1–40 letters, digits, '.', '_' or '-'.");

/** The answer of a change that returns only the id of what it changed. */
export const ZIdResponse = z.object({ id: ZId });

/** The answer of a change that returns only that it happened. */
export const ZOkResponse = z.object({ ok: z.boolean() });

/** A person as lists and cards show them (a run's author, a ticket's assignee). */
export const ZUserRef = z.object({ id: z.number(), login: z.string(), avatarUrl: z.string().nullable() });
