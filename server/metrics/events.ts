import { defineGauge, defineHistogram, PREFIX } from "./registry";

const liveSubscribers = defineGauge({
  name: `${PREFIX}event_subscribers`,
  help: "Event streams (run transcripts, board changes) this process is serving now.",
});

const deliveryLag = defineHistogram({
  name: `${PREFIX}event_delivery_lag_seconds`,
  help: "From an event row's created_at (its transaction's start) to its arrival for live subscribers, just before they are woken; one observation per chunk read by a topic's shared feed, for its oldest event.",
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
});

/** Counts a subscriber in; the returned function counts it out. */
export function observeSubscriber() {
  liveSubscribers.inc();
  return () => liveSubscribers.dec();
}

export function observeDeliveryLag(createdAt: Date) {
  deliveryLag.observe((Date.now() - createdAt.getTime()) / 1000);
}
