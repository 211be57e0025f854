import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { checkoutNewBranch, cloneRepository, configureIdentity } from "../../git/pipeline";
import { runGit } from "../../git/run-git";
import { commandHomeFor } from "../tools/scratch";

export type Workspace = { dir: string; baseRef: string; cleanup(): Promise<void> };

export type WorkspaceSource = {
  cloneUrl: string;
  /** The branch to clone (the base, or a pull request's head for reviews). */
  checkout: string;
  /** The run's own branch, created from the checkout; null to stay on it (reviews of a PR). */
  branch: string | null;
  token: string;
};

const IDENTITY = { name: "Assembly Lime", email: "agent@assembly-lime.local" };

/**
 * The local executor's workspace: a folder per run under WORKSPACES_DIR. With
 * a repository it is a shallow clone on the run's branch `al/{mode}/{runId}`;
 * without one, an empty git repository — either way every change the agent
 * makes can be diffed against the base commit.
 */
export async function createLocalWorkspace(options: {
  root: string;
  runId: number;
  keep: boolean;
  source?: WorkspaceSource;
}): Promise<Workspace> {
  const dir = path.join(options.root, `run-${options.runId}`);
  // Commands keep HOME and caches outside the workspace, in a folder of their own (see commandHomeFor).
  const home = commandHomeFor(dir);
  await Promise.all([rm(dir, { recursive: true, force: true }), rm(home, { recursive: true, force: true })]);
  await mkdir(dir, { recursive: true });
  if (options.source) {
    await cloneRepository({
      dir,
      cloneUrl: options.source.cloneUrl,
      branch: options.source.checkout,
      token: options.source.token,
    });
    await configureIdentity(dir, IDENTITY.name, IDENTITY.email);
    if (options.source.branch) await checkoutNewBranch(dir, options.source.branch);
  } else {
    await runGit(dir, ["init", "-q", "-b", "main"]);
    await configureIdentity(dir, IDENTITY.name, IDENTITY.email);
    await runGit(dir, ["commit", "-q", "--allow-empty", "-m", "Workspace base"]);
  }
  const baseRef = (await runGit(dir, ["rev-parse", "HEAD"])).trim();
  return {
    dir,
    baseRef,
    async cleanup() {
      if (options.keep) return;
      await Promise.all([rm(dir, { recursive: true, force: true }), rm(home, { recursive: true, force: true })]);
    },
  };
}
