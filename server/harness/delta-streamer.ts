/**
 * Batches streamed model text into one `message_delta` event every few tens of
 * milliseconds (the agent loop's, and the pod API's for Kubernetes runs), in order.
 */
export class DeltaStreamer {
  /** Everything pushed so far. */
  text = "";
  private buffer = "";
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly emit: (text: string) => Promise<void>,
    private readonly flushMs: number,
  ) {}

  push(delta: string) {
    this.text += delta;
    this.buffer += delta;
    this.timer ??= setTimeout(() => this.flush(), this.flushMs);
  }

  private flush() {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.buffer) return;
    const text = this.buffer;
    this.buffer = "";
    this.chain = this.chain.then(() => this.emit(text));
  }

  async close() {
    this.flush();
    await this.chain;
  }
}
