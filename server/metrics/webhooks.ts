import { defineCounter, PREFIX } from "./registry";

export type WebhookOutcome = "accepted" | "duplicate" | "bad_signature" | "unknown_webhook" | "bad_request" | "error";

const deliveries = defineCounter({
  name: `${PREFIX}webhook_deliveries_total`,
  help: "GitHub webhook deliveries received by this process, by outcome.",
  labelNames: ["outcome"],
});

export function observeWebhookDelivery(outcome: WebhookOutcome) {
  deliveries.inc({ outcome });
}
