// GitHub's rule for pushes that touch CI: a token without the `workflow` scope may not add, change or delete files under
// `.github/workflows/`. The fake enforces it with a pre-receive hook, which sees the pushed commits before any ref moves.
import { chmod, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { FakeGitHubStore } from "./store";
import type { TokenRecord } from "./types";

// `--not --all`: only the commits this push brings (refs have not moved yet during pre-receive).
const PRE_RECEIVE = `#!/bin/sh
[ "$FAKE_GITHUB_WORKFLOW_SCOPE" = "1" ] && exit 0
status=0
while read old new ref; do
  [ "$new" = "0000000000000000000000000000000000000000" ] && continue
  file=$(git log --format= --name-only "$new" --not --all -- .github/workflows/ | grep -m 1 .)
  [ -n "$file" ] || continue
  echo "refusing to allow $FAKE_GITHUB_TOKEN_KIND to create or update workflow \\\`$file\\\` without \\\`workflow\\\` scope" >&2
  status=1
done
exit $status
`;

const written = new WeakMap<FakeGitHubStore, Promise<string>>();

/** The hooks directory (written once per fake) that every push runs through. */
export function workflowHooksDir(store: FakeGitHubStore): Promise<string> {
  let dir = written.get(store);
  if (!dir) {
    dir = (async () => {
      const hooks = path.join(store.root, ".hooks");
      await mkdir(hooks, { recursive: true });
      await writeFile(path.join(hooks, "pre-receive"), PRE_RECEIVE);
      await chmod(path.join(hooks, "pre-receive"), 0o755);
      return hooks;
    })();
    written.set(store, dir);
  }
  return dir;
}

/** What the hook needs to know about the pusher's token, in GitHub's words for its kind. */
export function workflowHookEnv(token: TokenRecord): Record<string, string> {
  return {
    FAKE_GITHUB_WORKFLOW_SCOPE: token.scopes.includes("workflow") ? "1" : "0",
    FAKE_GITHUB_TOKEN_KIND: token.kind === "pat" ? "a Personal Access Token" : "an OAuth App",
  };
}
