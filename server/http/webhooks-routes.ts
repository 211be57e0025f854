import { verify } from "@octokit/webhooks-methods";
import express, { type Router } from "express";
import type { Env } from "../env.server";
import type { Logger } from "../logger";
import { observeWebhookDelivery, type WebhookOutcome } from "../metrics/webhooks";
import { acceptDelivery } from "../services/webhooks/accept-delivery";
import { summariseDelivery } from "../services/webhooks/summarise-delivery";
import { webhookSecret } from "../services/webhooks/webhook-secret";
import { sanitizeJson } from "../text/sanitize";

/**
 * GitHub deliveries: the signature is checked before anything else is done
 * with the body (@octokit/webhooks-methods); the delivery is recorded and its
 * pg-boss job queued together, deduplicated per webhook, and answered at once.
 */
export function webhooksRouter(env: Env, logger: Logger): Router {
  const router = express.Router();
  // The signature is over the bytes as sent, and GitHub compresses nothing: any Content-Encoding is a 415.
  router.post("/github/:webhookId", express.raw({ type: () => true, limit: "5mb", inflate: false }), async (req, res, next) => {
    const answer = (outcome: WebhookOutcome, status: number, body: object) => {
      observeWebhookDelivery(outcome);
      res.status(status).json(body);
    };
    try {
      const webhookId = Number(req.params.webhookId);
      const hook = Number.isSafeInteger(webhookId) && webhookId > 0 ? await webhookSecret({ webhookId, env }) : null;
      if (!hook) return answer("unknown_webhook", 404, { message: "Unknown webhook." });
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const signature = req.header("x-hub-signature-256");
      if (!signature || !(await verify(hook.secret, body.toString("utf8"), signature).catch(() => false)))
        return answer("bad_signature", 401, { message: "Bad signature." });

      const deliveryId = req.header("x-github-delivery");
      const event = req.header("x-github-event");
      if (!deliveryId || !event)
        return answer("bad_request", 400, { message: "X-GitHub-Delivery and X-GitHub-Event are required." });
      let parsed: Record<string, unknown>;
      try {
        parsed = JSON.parse(body.toString("utf8")) as Record<string, unknown>;
      } catch {
        return answer("bad_request", 400, { message: "The body is not JSON." });
      }
      const outcome = await acceptDelivery({
        tenantId: hook.tenantId,
        repositoryId: hook.repositoryId,
        webhookId,
        deliveryId,
        // The job payload is jsonb: a NUL or lone surrogate in a branch name must not lose the delivery.
        event: sanitizeJson(summariseDelivery(event, parsed)),
      });
      if (outcome === "duplicate") return answer("duplicate", 200, { duplicate: true });
      answer("accepted", 202, { accepted: true });
    } catch (error) {
      observeWebhookDelivery("error");
      logger.error({ err: error }, "webhook delivery failed");
      next(error);
    }
  });
  return router;
}
