import { describe, expect, it } from "vitest";
import { applyRunEvents, emptyTranscript, type RunEvent } from "./transcript";

const event = (seq: number, type: string, payload: Record<string, unknown>): RunEvent => ({ seq, type, payload, createdAt: "" });

describe("the transcript", () => {
  it("drops a message's streaming cursor when the run is cancelled mid-sentence", () => {
    const streaming = applyRunEvents(emptyTranscript, [event(1, "message_delta", { messageId: "a", text: "Half a sen" })]);
    expect(streaming.items[0]).toMatchObject({ kind: "message", streaming: true });
    const cancelled = applyRunEvents(streaming, [event(2, "status", { status: "cancelled", reason: "Cancelled by a user." })]);
    expect(cancelled.items[0]).toMatchObject({ kind: "message", text: "Half a sen", streaming: false });
    expect(cancelled.status).toBe("cancelled");
  });

  it("keeps the cursor while the run is still running", () => {
    const running = applyRunEvents(emptyTranscript, [
      event(1, "message_delta", { messageId: "a", text: "Thinking" }),
      event(2, "status", { status: "running" }),
    ]);
    expect(running.items[0]).toMatchObject({ streaming: true });
  });

  it("remembers when the run ended, so its duration stops there", () => {
    const ended = applyRunEvents(emptyTranscript, [
      { seq: 1, type: "status", payload: { status: "running" }, createdAt: "2026-01-01T10:00:00Z" },
      { seq: 2, type: "status", payload: { status: "completed" }, createdAt: "2026-01-01T10:01:30Z" },
    ]);
    expect(ended.endedAt).toBe("2026-01-01T10:01:30Z");
  });
});
