import { runGit } from "./run-git";

/**
 * The config key that gives git an extra header for one origin only: `http.<origin>/.extraheader`
 * (as actions/checkout does). An unscoped `http.extraHeader` would go to every host git contacts —
 * a submodule elsewhere, a redirect — so the token stays with the host that issued it.
 */
export function scopedExtraHeaderKey(url: string) {
  return `http.${new URL(url).origin}/.extraheader`;
}

/**
 * Git's credentials for one command against `url`'s origin: an extra header passed through
 * git's environment config (GIT_CONFIG_COUNT/KEY/VALUE), so the token is never
 * in a URL, an argument list, `.git/config` or the agent's environment.
 */
export function gitAuthEnv(token: string, url: string): Record<string, string> {
  const basic = Buffer.from(`x-access-token:${token}`).toString("base64");
  return {
    GIT_CONFIG_COUNT: "1",
    GIT_CONFIG_KEY_0: scopedExtraHeaderKey(url),
    GIT_CONFIG_VALUE_0: `Authorization: Basic ${basic}`,
  };
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
        env: gitAuthEnv(options.token, options.cloneUrl),
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

/**
 * Pushes HEAD to `branch` on origin; a rejection says why. The credential is scoped to `cloneUrl`
 * (the URL we cloned from, never one read back from the work tree the agent could edit), so a
 * remote or push URL the agent pointed elsewhere gets no token.
 */
export async function pushBranch(options: { dir: string; branch: string; token: string; cloneUrl: string }) {
  try {
    await runGit(options.dir, ["push", "--quiet", "origin", `HEAD:refs/heads/${options.branch}`], {
      env: gitAuthEnv(options.token, options.cloneUrl),
    });
  } catch (error) {
    const output = scrubGitOutput((error as Error).message, options.token);
    throw new Error(`The push of ${options.branch} was rejected: ${workflowScopeHint(output) ?? output}`);
  }
}

/**
 * GitHub refuses a push that adds, changes or deletes `.github/workflows/` files unless the token
 * has the `workflow` scope; its wording ("refusing to allow an OAuth App / a Personal Access Token
 * to create or update workflow `…` without `workflow` scope") is turned into what to do about it.
 */
function workflowScopeHint(output: string) {
  const refusal = output.match(/create or update workflow `([^`]+)` without `workflow` scope/);
  if (!refusal) return null;
  return (
    `GitHub refuses changes to ${refusal[1]} from a token without the \`workflow\` scope. ` +
    "Reconnect with GitHub on the Connectors page (it asks for `workflow`), or add a personal access token with the `workflow` scope."
  );
}
