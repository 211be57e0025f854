import { createClient } from "redis";
import { EventBus, type BusMessage } from "../../server/events/bus";

const CHANNEL = "al_events";

/**
 * The app's EventBus over Redis pub/sub instead of LISTEN/NOTIFY, for the
 * bench's comparison of whole paths: the writer commits its rows, then the
 * batch's messages are PUBLISHed (one pipelined round trip); one SUBSCRIBE
 * connection feeds the same topic routing, feeds and SSE streams.
 */
export async function startRedisEventBus(url: string) {
  const publisher = createClient({ url });
  await publisher.connect();
  let subscriber: ReturnType<typeof createClient> | undefined;
  const bus = new EventBus({
    async listen(onPayload, onListening) {
      subscriber = createClient({ url });
      subscriber.on("ready", onListening);
      await subscriber.connect();
      await subscriber.subscribe(CHANNEL, onPayload);
      return {
        async stop() {
          await subscriber?.unsubscribe(CHANNEL);
          subscriber?.destroy();
        },
      };
    },
    async publishCommitted(messages: BusMessage[]) {
      const multi = publisher.multi();
      for (const message of messages) multi.publish(CHANNEL, JSON.stringify(message));
      await multi.execAsPipeline();
    },
  });
  await bus.start();
  return {
    bus,
    async stop() {
      await bus.stop();
      publisher.destroy();
    },
  };
}
