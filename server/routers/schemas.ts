import { z } from "zod";

/** Shared input pieces, so every router validates ids and text the same way. */
export const ZId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

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
