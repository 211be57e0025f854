import express, { type Router } from "express";
import { githubWebhookJob } from "../../jobs/github-webhook";
import { getBoss } from "../../jobs/boss";
import { sendJob } from "../../jobs/define-job";
import { signatureMatches } from "../crypto/signature";
import type { Env } from "../env.server";
import type { Logger } from "../logger";
import { observeWebhookDelivery, type WebhookOutcome } from "../metrics/webhooks";
import { recordDelivery } from "../services/webhooks/receive-delivery";
import { summariseDelivery } from "../services/webhooks/process-event";
import { webhookSecret } from "../services/webhooks/setup-webhook";
import { sanitizeJson } from "../text/sanitize";

/**
 * GitHub deliveries: the signature is checked before anything else is done
 * with the body; a delivery id seen before is dropped; the event is handed to
 * a pg-boss job and answered at once.
 */
export function webhooksRouter(env: Env, logger: Logger): Router {
  const router = express.Router();
  router.post("/github/:webhookId", express.raw({ type: () => true, limit: "5mb" }), async (req, res, next) => {
    const answer = (outcome: WebhookOutcome, status: number, body: object) => {
      observeWebhookDelivery(outcome);
      res.status(status).json(body);
    };
    try {
      const webhookId = Number(req.params.webhookId);
      const hook = Number.isSafeInteger(webhookId) && webhookId > 0 ? await webhookSecret({ webhookId, env }) : null;
      if (!hook) return answer("unknown_webhook", 404, { message: "Unknown webhook." });
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      if (!signatureMatches(hook.secret, body, req.header("x-hub-signature-256")))
        return answer("bad_signature", 401, { message: "Bad signature." });

      const deliveryId = req.header("x-github-delivery");
      const event = req.header("x-github-event");
      if (!deliveryId || !event)
        return answer("bad_request", 400, { message: "X-GitHub-Delivery and X-GitHub-Event are required." });
      if (!(await recordDelivery({ tenantId: hook.tenantId, deliveryId, event })))
        return answer("duplicate", 200, { duplicate: true });
      let parsed: Record<string, unknown>;
      try {
        parsed = JSON.parse(body.toString("utf8")) as Record<string, unknown>;
      } catch {
        return answer("bad_request", 400, { message: "The body is not JSON." });
      }
      if (event !== "ping")
        await sendJob(getBoss(), githubWebhookJob, {
          tenantId: hook.tenantId,
          repositoryId: hook.repositoryId,
          deliveryId,
          // The job payload is jsonb: a NUL or lone surrogate in a branch name must not lose the delivery.
          event: sanitizeJson(summariseDelivery(event, parsed)),
        });
      answer("accepted", 202, { accepted: true });
    } catch (error) {
      observeWebhookDelivery("error");
      logger.error({ err: error }, "webhook delivery failed");
      next(error);
    }
  });
  return router;
}
