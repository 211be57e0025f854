import express, { type Router } from "express";
import { githubWebhookJob } from "../../jobs/github-webhook";
import { getBoss } from "../../jobs/boss";
import { sendJob } from "../../jobs/define-job";
import { signatureMatches } from "../crypto/signature";
import type { Env } from "../env.server";
import type { Logger } from "../logger";
import { recordDelivery } from "../services/webhooks/receive-delivery";
import { summariseDelivery } from "../services/webhooks/process-event";
import { webhookSecret } from "../services/webhooks/setup-webhook";

/**
 * GitHub deliveries: the signature is checked before anything else is done
 * with the body; a delivery id seen before is dropped; the event is handed to
 * a pg-boss job and answered at once.
 */
export function webhooksRouter(env: Env, logger: Logger): Router {
  const router = express.Router();
  router.post("/github/:webhookId", express.raw({ type: () => true, limit: "5mb" }), async (req, res, next) => {
    try {
      const webhookId = Number(req.params.webhookId);
      const hook = Number.isSafeInteger(webhookId) && webhookId > 0 ? await webhookSecret({ webhookId, env }) : null;
      if (!hook) return void res.status(404).json({ message: "Unknown webhook." });
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      if (!signatureMatches(hook.secret, body, req.header("x-hub-signature-256")))
        return void res.status(401).json({ message: "Bad signature." });

      const deliveryId = req.header("x-github-delivery");
      const event = req.header("x-github-event");
      if (!deliveryId || !event)
        return void res.status(400).json({ message: "X-GitHub-Delivery and X-GitHub-Event are required." });
      if (!(await recordDelivery({ tenantId: hook.tenantId, deliveryId, event })))
        return void res.status(200).json({ duplicate: true });
      let parsed: Record<string, unknown>;
      try {
        parsed = JSON.parse(body.toString("utf8")) as Record<string, unknown>;
      } catch {
        return void res.status(400).json({ message: "The body is not JSON." });
      }
      if (event !== "ping")
        await sendJob(getBoss(), githubWebhookJob, {
          tenantId: hook.tenantId,
          repositoryId: hook.repositoryId,
          deliveryId,
          event: summariseDelivery(event, parsed),
        });
      res.status(202).json({ accepted: true });
    } catch (error) {
      logger.error({ err: error }, "webhook delivery failed");
      next(error);
    }
  });
  return router;
}
