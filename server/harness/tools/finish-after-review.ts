import { z } from "zod";
import { workspaceDiff, type FileDiff } from "../../git/workspace-diff";
import { defineTool, type Tool } from "./tool";

/** What the review shows at most of the patch itself (~2k tokens); the file list is always whole. */
export const REVIEW_PATCH_CHARS = 8_000;

/** The sentence a model acts on (and the scripted fake recognises): the run ends only on the next finish. */
const CONFIRM_FINISH =
  "If the change is complete and correct, call finish again (the same summary, or a better one) to end the run.";

/**
 * `finish` for runs that deliver a pull request (implement, bugfix). The first
 * call shows the model the diff the harness is about to deliver — the file list
 * with line counts, then the patch up to a cap — and does not end the run: the
 * model reviews its own change as a person would before opening the PR (as
 * SWE-agent's review-on-submit does). The next call ends it. With nothing
 * changed (or no git work tree) the first call ends it too. One tool per
 * run, since it remembers whether the review was shown.
 */
export function finishAfterReview(): Tool<unknown> {
  let reviewed = false;
  return defineTool({
    name: "finish",
    description:
      "End the run. summary: what you did and why (markdown); it becomes the pull request's description. " +
      "The first call shows you the diff to be delivered for a last review; call finish again to end the run.",
    input: z.object({ summary: z.string().min(1) }),
    writes: false,
    async run(input, context) {
      if (!reviewed) {
        reviewed = true;
        // No diff to show (not a git work tree, say) is no reason to keep the run going.
        const files = await workspaceDiff(context.root, context.baseRef ?? "HEAD").catch(() => []);
        if (files.length > 0) return { content: reviewOfChanges(files) };
      }
      return { content: "Finished.", finished: { summary: input.summary } };
    },
  }) as Tool<unknown>;
}

/** The review text: every changed file with its counts, the patch up to REVIEW_PATCH_CHARS, and what to do next. */
function reviewOfChanges(files: FileDiff[]) {
  const list = files.map((file) => `- ${file.filePath} (${file.changeType}, +${file.additions} −${file.deletions})`);
  const patch = files.map((file) => file.diff).join("\n");
  const shown =
    patch.length > REVIEW_PATCH_CHARS
      ? `${patch.slice(0, REVIEW_PATCH_CHARS)}\n… (${patch.length - REVIEW_PATCH_CHARS} more characters; read the files or run git diff to see the rest)`
      : patch;
  return [
    `Not finished yet. Review the change the harness will commit and open the pull request with (${files.length} ${files.length === 1 ? "file" : "files"}):`,
    ...list,
    "",
    shown,
    "",
    "Check that every file belongs in the pull request (no scratch files, logs, caches or debugging code) and that the change does what the task asks.",
    `${CONFIRM_FINISH} Otherwise fix what is wrong first.`,
  ].join("\n");
}
