import { and, asc, eq, inArray } from "drizzle-orm";
import { db } from "../../../db/client";
import {
  connectors,
  projectRepositories,
  projects,
  repositories,
  repositoryAliases,
  repositoryConfigs,
} from "../../../db/schema";
import type { Env } from "../../env.server";
import { AppError, notFound } from "../../errors";
import { githubClient, githubErrorMessage } from "../../github/client";
import { rateLimitMessage } from "../../github/rate-limit";
import { connectorToken } from "../connectors/connector-token";

export const repositoryColumns = {
  id: repositories.id,
  connectorId: repositories.connectorId,
  owner: repositories.owner,
  name: repositories.name,
  fullName: repositories.fullName,
  defaultBranch: repositories.defaultBranch,
  isPrivate: repositories.isPrivate,
  createdAt: repositories.createdAt,
};

type GitHubCall = <T>(call: (octokit: ReturnType<typeof githubClient>) => Promise<T>) => Promise<T>;

/**
 * Makes GitHub calls with the connector's token, read once: failures become readable errors.
 * The client is built on the first call, and reused.
 */
async function gitHubFor(options: { tenantId: number; connectorId: number; env: Env }): Promise<GitHubCall> {
  const token = await connectorToken(options);
  let octokit: ReturnType<typeof githubClient> | undefined;
  return async (call) => {
    try {
      return await call((octokit ??= githubClient(options.env, token)));
    } catch (error) {
      const status = (error as { status?: number }).status;
      if (status === 404) throw notFound("GitHub resource");
      if (rateLimitMessage(error)) throw new AppError("TOO_MANY_REQUESTS", githubErrorMessage(error));
      throw new AppError("PRECONDITION_FAILED", githubErrorMessage(error));
    }
  };
}

/** One GitHub call with the connector's token; failures become readable errors. */
async function withGitHub<T>(
  options: { tenantId: number; connectorId: number; env: Env },
  call: (octokit: ReturnType<typeof githubClient>) => Promise<T>,
) {
  return (await gitHubFor(options))(call);
}

/** The repositories a connector's token can see, a page at a time, marked when already imported. */
export async function listConnectorRepositories(options: {
  tenantId: number;
  connectorId: number;
  env: Env;
  page: number;
  perPage: number;
}) {
  const response = await withGitHub(options, (octokit) =>
    octokit.rest.repos.listForAuthenticatedUser({ per_page: options.perPage, page: options.page, sort: "updated" }),
  );
  const imported = await db
    .select({ fullName: repositories.fullName, id: repositories.id })
    .from(repositories)
    .where(and(eq(repositories.tenantId, options.tenantId), eq(repositories.connectorId, options.connectorId)));
  const importedIds = new Map(imported.map((row) => [row.fullName, row.id]));
  return {
    items: response.data.map((repo) => ({
      fullName: repo.full_name,
      owner: repo.owner.login,
      name: repo.name,
      isPrivate: repo.private,
      defaultBranch: repo.default_branch,
      description: repo.description ?? null,
      importedId: importedIds.get(repo.full_name) ?? null,
    })),
    hasNextPage: /rel="next"/.test(String(response.headers.link ?? "")),
  };
}

/** Imports repositories by full name (idempotent): owner, name, clone URL and default branch come from GitHub. */
export async function importRepositories(options: { tenantId: number; connectorId: number; env: Env; fullNames: string[] }) {
  const imported = [];
  // One token read and client for the whole import, made only once the first name has passed its check.
  let gh: GitHubCall | undefined;
  for (const fullName of options.fullNames) {
    const [owner, name] = fullName.split("/");
    if (!owner || !name) throw new AppError("BAD_REQUEST", `"${fullName}" is not owner/name.`);
    gh ??= await gitHubFor(options);
    const { data: repo } = await gh((octokit) => octokit.rest.repos.get({ owner, repo: name }));
    const values = {
      tenantId: options.tenantId,
      connectorId: options.connectorId,
      owner: repo.owner.login,
      name: repo.name,
      fullName: repo.full_name,
      cloneUrl: repo.clone_url,
      defaultBranch: repo.default_branch,
      githubRepoId: repo.id,
      isPrivate: repo.private,
    };
    const [row] = await db
      .insert(repositories)
      .values(values)
      .onConflictDoUpdate({
        target: [repositories.tenantId, repositories.connectorId, repositories.fullName],
        set: {
          cloneUrl: values.cloneUrl,
          defaultBranch: values.defaultBranch,
          isPrivate: values.isPrivate,
          updatedAt: new Date(),
        },
      })
      .returning(repositoryColumns);
    imported.push(row!);
  }
  return imported;
}

export async function listRepositories(options: { tenantId: number }) {
  const rows = await db
    .select({ ...repositoryColumns, connectorName: connectors.name, connectorStatus: connectors.status })
    .from(repositories)
    .innerJoin(connectors, eq(connectors.id, repositories.connectorId))
    .where(eq(repositories.tenantId, options.tenantId))
    .orderBy(asc(repositories.fullName));
  const aliases = rows.length
    ? await db
        .select({ repositoryId: repositoryAliases.repositoryId, alias: repositoryAliases.alias })
        .from(repositoryAliases)
        .where(
          and(
            eq(repositoryAliases.tenantId, options.tenantId),
            inArray(
              repositoryAliases.repositoryId,
              rows.map((row) => row.id),
            ),
          ),
        )
    : [];
  return rows.map((row) => ({
    ...row,
    aliases: aliases.filter((alias) => alias.repositoryId === row.id).map((alias) => alias.alias),
  }));
}

/** A repository of this tenant, with what the server needs to reach it. */
export async function getRepository(options: { tenantId: number; repositoryId: number }) {
  const [row] = await db
    .select({ ...repositoryColumns, cloneUrl: repositories.cloneUrl })
    .from(repositories)
    .where(and(eq(repositories.id, options.repositoryId), eq(repositories.tenantId, options.tenantId)));
  if (!row) throw notFound("Repository");
  return row;
}

export async function listBranches(options: { tenantId: number; repositoryId: number; env: Env }) {
  const repo = await getRepository(options);
  const data = await withGitHub({ ...options, connectorId: repo.connectorId }, (octokit) =>
    octokit.paginate(octokit.rest.repos.listBranches, { owner: repo.owner, repo: repo.name, per_page: 100 }),
  );
  return data.map((branch) => ({ name: branch.name, sha: branch.commit.sha }));
}

/** The file tree at a branch (or sha), folders first. */
export async function fileTree(options: { tenantId: number; repositoryId: number; env: Env; ref?: string }) {
  const repo = await getRepository(options);
  const ref = options.ref ?? repo.defaultBranch;
  const { data } = await withGitHub({ ...options, connectorId: repo.connectorId }, (octokit) =>
    octokit.rest.git.getTree({ owner: repo.owner, repo: repo.name, tree_sha: ref, recursive: "1" }),
  );
  return {
    ref,
    truncated: data.truncated,
    entries: data.tree
      .filter((entry) => entry.path && (entry.type === "blob" || entry.type === "tree"))
      .map((entry) => ({
        path: entry.path!,
        type: entry.type === "tree" ? ("dir" as const) : ("file" as const),
        size: entry.size ?? null,
      })),
  };
}

const MAX_FILE_BYTES = 1_000_000;

/** A file's text at a ref; binaries and very large files are described, not returned. */
export async function fileContent(options: { tenantId: number; repositoryId: number; env: Env; ref?: string; path: string }) {
  const repo = await getRepository(options);
  const ref = options.ref ?? repo.defaultBranch;
  const { data } = await withGitHub({ ...options, connectorId: repo.connectorId }, (octokit) =>
    octokit.rest.repos.getContent({ owner: repo.owner, repo: repo.name, path: options.path, ref }),
  );
  if (Array.isArray(data) || data.type !== "file") throw new AppError("BAD_REQUEST", `${options.path} is a folder.`);
  const file = data as { content?: string; size: number; sha: string; path: string };
  if (file.size > MAX_FILE_BYTES || !file.content)
    return { path: file.path, ref, size: file.size, text: null, reason: "too large" as const };
  const bytes = Buffer.from(file.content, "base64");
  if (bytes.subarray(0, 8000).includes(0))
    return { path: file.path, ref, size: file.size, text: null, reason: "binary" as const };
  return { path: file.path, ref, size: file.size, text: bytes.toString("utf8"), reason: null };
}

export async function listRepositoryConfigs(options: { tenantId: number; repositoryId: number }) {
  await getRepository(options);
  return db
    .select({
      path: repositoryConfigs.path,
      kind: repositoryConfigs.kind,
      detected: repositoryConfigs.detected,
      scannedAt: repositoryConfigs.scannedAt,
    })
    .from(repositoryConfigs)
    .where(and(eq(repositoryConfigs.tenantId, options.tenantId), eq(repositoryConfigs.repositoryId, options.repositoryId)))
    .orderBy(asc(repositoryConfigs.path));
}

// ----- project mapping and aliases -----

export async function mapRepositoryToProject(options: {
  tenantId: number;
  projectId: number;
  repositoryId: number;
  role: "primary" | "uatBranch" | "prodBranch" | "secondary";
  branch?: string | null;
}) {
  await getRepository(options);
  const [project] = await db
    .select({ id: projects.id })
    .from(projects)
    .where(and(eq(projects.id, options.projectId), eq(projects.tenantId, options.tenantId)));
  if (!project) throw notFound("Project");
  const [row] = await db
    .insert(projectRepositories)
    .values({ ...options, branch: options.branch ?? null })
    .onConflictDoUpdate({
      target: [projectRepositories.projectId, projectRepositories.repositoryId, projectRepositories.role],
      set: { branch: options.branch ?? null },
    })
    .returning();
  return row!;
}

export async function listProjectRepositories(options: { tenantId: number; projectId: number }) {
  return db
    .select({
      id: projectRepositories.id,
      role: projectRepositories.role,
      branch: projectRepositories.branch,
      repository: repositoryColumns,
    })
    .from(projectRepositories)
    .innerJoin(repositories, eq(repositories.id, projectRepositories.repositoryId))
    .where(and(eq(projectRepositories.tenantId, options.tenantId), eq(projectRepositories.projectId, options.projectId)))
    .orderBy(asc(projectRepositories.id));
}

export async function unmapRepository(options: { tenantId: number; mappingId: number }) {
  const rows = await db
    .delete(projectRepositories)
    .where(and(eq(projectRepositories.id, options.mappingId), eq(projectRepositories.tenantId, options.tenantId)))
    .returning({ id: projectRepositories.id });
  if (!rows.length) throw notFound("Project repository");
  return { id: options.mappingId };
}

export async function addRepositoryAlias(options: { tenantId: number; repositoryId: number; alias: string }) {
  await getRepository(options);
  const [row] = await db.insert(repositoryAliases).values(options).onConflictDoNothing().returning();
  if (!row) throw new AppError("CONFLICT", `The alias "${options.alias}" is already in use.`);
  return row;
}

export async function removeRepositoryAlias(options: { tenantId: number; repositoryId: number; alias: string }) {
  await db
    .delete(repositoryAliases)
    .where(
      and(
        eq(repositoryAliases.tenantId, options.tenantId),
        eq(repositoryAliases.repositoryId, options.repositoryId),
        eq(repositoryAliases.alias, options.alias),
      ),
    );
  return { ok: true };
}

/** The project's primary repository, which runs on its tickets use by default. */
export async function primaryRepositoryOf(options: { tenantId: number; projectId: number }) {
  const [row] = await db
    .select({ repositoryId: projectRepositories.repositoryId })
    .from(projectRepositories)
    .where(
      and(
        eq(projectRepositories.tenantId, options.tenantId),
        eq(projectRepositories.projectId, options.projectId),
        eq(projectRepositories.role, "primary"),
      ),
    )
    .orderBy(asc(projectRepositories.id))
    .limit(1);
  return row?.repositoryId ?? null;
}
