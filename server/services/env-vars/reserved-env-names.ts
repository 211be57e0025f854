/**
 * Names the runner sets for every command: a set that overrode them would break
 * the harness itself (a `PATH` without git fails the next `git status`, `HOME`
 * moves git's config, `LD_PRELOAD` and `NODE_OPTIONS` inject code). Compared
 * case-insensitively, since some shells and tools read them that way.
 */
const RESERVED = new Set([
  "PATH",
  "HOME",
  "SHELL",
  "USER",
  "LOGNAME",
  "PWD",
  "OLDPWD",
  "TMPDIR",
  "LANG",
  "TERM",
  "IFS",
  "ENV",
  "BASH_ENV",
  "NODE_OPTIONS",
  "NODE_PATH",
  "SSH_AUTH_SOCK",
]);
const RESERVED_PREFIXES = ["GIT_", "LD_", "DYLD_", "ASSEMBLY_LIME_"];

/** Why `name` may not be set, or null when it may. */
export function reservedEnvNameReason(name: string) {
  const upper = name.toUpperCase();
  if (RESERVED.has(upper)) return `${upper} is set by the runner for every command; choose another name.`;
  const prefix = RESERVED_PREFIXES.find((start) => upper.startsWith(start));
  return prefix ? `Names starting with ${prefix} are reserved for the runner; choose another name.` : null;
}
