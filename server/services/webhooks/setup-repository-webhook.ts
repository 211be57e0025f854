import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { db, inTransaction, type Commit } from "../../../db/client";
import { webhooks } from "../../../db/schema";
import { getKeyring } from "../../crypto/secrets";
import type { Env } from "../../env.server";
import { AppError } from "../../errors";
import { githubErrorMessage } from "../../github/error-message";
import { gitHubRequests } from "../../github/github-calls";
import { createRepositoryWebhook } from "../../github/webhooks";
import { connectorToken } from "../connectors/connector-token";
import { getRepository } from "../repositories/get-repository";

export const WEBHOOK_EVENTS = ["pull_request", "check_run", "status", "push"];

/**
 * Creates the repository's webhook on GitHub (once): a random secret, sealed
 * at rest, and a delivery URL naming our webhook row, so each delivery is
 * verified with its own secret. The row is stored first (its id is in the
 * URL), GitHub is called outside any transaction, and the hook's id commits in
 * `commit`; a refused hook's row is deleted again.
 */
export async function setupRepositoryWebhook(options: { tenantId: number; repositoryId: number; env: Env; commit?: Commit }) {
  const repo = await getRepository(options);
  const [existing] = await db
    .select({ id: webhooks.id, githubHookId: webhooks.githubHookId, active: webhooks.active })
    .from(webhooks)
    .where(and(eq(webhooks.tenantId, options.tenantId), eq(webhooks.repositoryId, repo.id), eq(webhooks.active, true)));
  if (existing) return { id: existing.id, githubHookId: existing.githubHookId, created: false };

  const secret = randomBytes(32).toString("hex");
  const sealed = getKeyring(options.env).seal(secret);
  const [row] = await db
    .insert(webhooks)
    .values({
      tenantId: options.tenantId,
      repositoryId: repo.id,
      secretCiphertext: sealed.ciphertext,
      secretKeyId: sealed.keyId,
      events: WEBHOOK_EVENTS,
    })
    .returning({ id: webhooks.id });
  const github = gitHubRequests(options.env, await connectorToken({ ...options, connectorId: repo.connectorId }));
  try {
    const hook = await github((octokit) =>
      createRepositoryWebhook(octokit, {
        owner: repo.owner,
        repo: repo.name,
        url: `${options.env.APP_URL}/webhooks/github/${row!.id}`,
        secret,
        events: WEBHOOK_EVENTS,
      }),
    );
    return await (options.commit ?? inTransaction)(async () => {
      await db.update(webhooks).set({ githubHookId: hook.id, updatedAt: new Date() }).where(eq(webhooks.id, row!.id));
      return { id: row!.id, githubHookId: hook.id, created: true };
    });
  } catch (error) {
    await db.delete(webhooks).where(eq(webhooks.id, row!.id));
    throw new AppError("PRECONDITION_FAILED", `Could not create the webhook: ${githubErrorMessage(error)}`);
  }
}
