import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { runGit } from "../../git/run-git";

export type Workspace = { dir: string; home: string; baseRef: string; cleanup(): Promise<void> };

/**
 * The local executor's workspace: a folder per run under WORKSPACES_DIR with a
 * git repository, so every change the agent makes can be diffed against the
 * base commit. Runs with repositories clone into it (the GitHub pipeline);
 * without one it starts empty.
 */
export async function createLocalWorkspace(options: { root: string; runId: number; keep: boolean }): Promise<Workspace> {
  const dir = path.join(options.root, `run-${options.runId}`);
  const home = path.join(options.root, `run-${options.runId}.home`);
  await rm(dir, { recursive: true, force: true });
  await rm(home, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await mkdir(home, { recursive: true });
  await runGit(dir, ["init", "-q", "-b", "main"]);
  await runGit(dir, ["config", "user.name", "Assembly Lime"]);
  await runGit(dir, ["config", "user.email", "agent@assembly-lime.local"]);
  await runGit(dir, ["commit", "-q", "--allow-empty", "-m", "Workspace base"]);
  const baseRef = (await runGit(dir, ["rev-parse", "HEAD"])).trim();
  return {
    dir,
    home,
    baseRef,
    async cleanup() {
      if (options.keep) return;
      await rm(dir, { recursive: true, force: true });
      await rm(home, { recursive: true, force: true });
    },
  };
}
