import { runGit } from "./run-git";

/**
 * Git's credentials for one command: an `http.extraHeader` passed through
 * git's environment config (GIT_CONFIG_COUNT/KEY/VALUE), so the token is never
 * in a URL, an argument list, `.git/config` or the agent's environment.
 */
export function gitAuthEnv(token: string): Record<string, string> {
  const basic = Buffer.from(`x-access-token:${token}`).toString("base64");
  return { GIT_CONFIG_COUNT: "1", GIT_CONFIG_KEY_0: "http.extraHeader", GIT_CONFIG_VALUE_0: `Authorization: Basic ${basic}` };
}

/** Removes anything token-like from git's output before it is shown or stored. */
export function scrubGitOutput(text: string, token: string) {
  const basic = Buffer.from(`x-access-token:${token}`).toString("base64");
  return text.split(token).join("***").split(basic).join("***");
}

/** A shallow clone of one branch into `dir` (which must be empty). */
export async function cloneRepository(options: { dir: string; cloneUrl: string; branch: string; token: string; depth?: number }) {
  try {
    await runGit(
      options.dir,
      [
        "clone",
        "--quiet",
        "--depth",
        String(options.depth ?? 50),
        "--branch",
        options.branch,
        "--single-branch",
        "--",
        options.cloneUrl,
        ".",
      ],
      {
        env: gitAuthEnv(options.token),
      },
    );
  } catch (error) {
    throw new Error(scrubGitOutput((error as Error).message, options.token));
  }
}

export async function configureIdentity(dir: string, name: string, email: string) {
  await runGit(dir, ["config", "user.name", name]);
  await runGit(dir, ["config", "user.email", email]);
}

export async function checkoutNewBranch(dir: string, branch: string) {
  await runGit(dir, ["checkout", "--quiet", "-b", branch]);
}

/** Commits everything in the work tree; returns the commit sha, or null when nothing changed. */
export async function commitAll(dir: string, message: string) {
  await runGit(dir, ["add", "-A"]);
  const status = await runGit(dir, ["status", "--porcelain"]);
  if (!status.trim()) return null;
  await runGit(dir, ["commit", "--quiet", "--no-verify", "-F", "-"], { input: message });
  return (await runGit(dir, ["rev-parse", "HEAD"])).trim();
}

/** Pushes HEAD to `branch` on origin; a rejection says why. */
export async function pushBranch(options: { dir: string; branch: string; token: string }) {
  try {
    await runGit(options.dir, ["push", "--quiet", "origin", `HEAD:refs/heads/${options.branch}`], {
      env: gitAuthEnv(options.token),
    });
  } catch (error) {
    throw new Error(`The push of ${options.branch} was rejected: ${scrubGitOutput((error as Error).message, options.token)}`);
  }
}
