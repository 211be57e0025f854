import type { Env } from "../../env.server";
import { AppError } from "../../errors";
import { getFile } from "../../github/repositories";
import { withGitHub } from "./connector-github";
import { getRepository } from "./get-repository";

const MAX_FILE_BYTES = 1_000_000;

/** A file's text at a ref; binaries and very large files are described, not returned. */
export async function fileContent(options: { tenantId: number; repositoryId: number; env: Env; ref?: string; path: string }) {
  const repo = await getRepository(options);
  const ref = options.ref ?? repo.defaultBranch;
  const file = await withGitHub({ ...options, connectorId: repo.connectorId }, (octokit) =>
    getFile(octokit, { owner: repo.owner, repo: repo.name, path: options.path, ref }),
  );
  if (!file) throw new AppError("BAD_REQUEST", `${options.path} is a folder.`);
  if (file.size > MAX_FILE_BYTES || !file.content)
    return { path: file.path, ref, size: file.size, text: null, reason: "too large" as const };
  const bytes = Buffer.from(file.content, "base64");
  if (bytes.subarray(0, 8000).includes(0))
    return { path: file.path, ref, size: file.size, text: null, reason: "binary" as const };
  return { path: file.path, ref, size: file.size, text: bytes.toString("utf8"), reason: null };
}
