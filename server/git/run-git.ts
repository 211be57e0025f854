import { execFile } from "node:child_process";

/** Runs git with arguments (never a shell string), returning stdout; failures carry stderr. */
export function runGit(
  cwd: string,
  args: string[],
  options: { env?: Record<string, string>; maxBuffer?: number; input?: string } = {},
) {
  return new Promise<string>((resolve, reject) => {
    const child = execFile(
      "git",
      args,
      {
        cwd,
        env: {
          PATH: process.env.PATH ?? "/usr/bin:/bin",
          HOME: cwd,
          GIT_TERMINAL_PROMPT: "0",
          LANG: "C",
          ...options.env,
        } as Record<string, string> as NodeJS.ProcessEnv,
        maxBuffer: options.maxBuffer ?? 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`git ${args[0]} failed: ${stderr.trim() || error.message}`));
        else resolve(stdout);
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}
