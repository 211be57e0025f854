import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { executeToolCalls, toolsForMode, type ToolCallEvent, type ToolContext } from ".";
import { defineTool, type Tool } from "./tool";

const root = mkdtempSync(path.join(os.tmpdir(), "al-calls-"));
writeFileSync(path.join(root, "a.txt"), "alpha\n");
writeFileSync(path.join(root, "b.txt"), "beta\n");
afterAll(() => rmSync(root, { recursive: true, force: true }));
const context: ToolContext = { root, commandTimeoutSeconds: 5 };

/** A read-only tool that only returns once `size` calls of it are running at the same time. */
function rendezvous(size: number, log: string[]) {
  let arrived = 0;
  let release!: () => void;
  const together = new Promise<void>((resolve) => (release = resolve));
  return defineTool({
    name: "wait_for_peers",
    description: "test tool",
    input: z.object({ id: z.string() }),
    writes: false,
    concurrent: true,
    async run(input) {
      log.push(`start ${input.id}`);
      if (++arrived === size) release();
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error("ran alone")), 2_000));
      await Promise.race([together, timeout]);
      log.push(`end ${input.id}`);
      return { content: `peer ${input.id}` };
    },
  });
}

describe("a turn's tool calls", () => {
  it("run reads together, writes alone and finish last, with events and results in the model's order", async () => {
    const log: string[] = [];
    const write = defineTool({
      name: "note",
      description: "test tool",
      input: z.object({}),
      writes: true,
      async run() {
        log.push("write");
        return { content: "noted" };
      },
    });
    const tools = [...toolsForMode("implement"), rendezvous(2, log), write] as Tool<unknown>[];
    const calls = [
      { type: "tool_call" as const, id: "c1", name: "finish", input: { summary: "done" } },
      { type: "tool_call" as const, id: "c2", name: "wait_for_peers", input: { id: "x" } },
      { type: "tool_call" as const, id: "c3", name: "wait_for_peers", input: { id: "y" } },
      { type: "tool_call" as const, id: "c4", name: "note", input: {} },
      { type: "tool_call" as const, id: "c5", name: "read_file", input: { path: "a.txt" } },
      { type: "tool_call" as const, id: "c6", name: "read_file", input: { path: "b.txt" } },
    ];
    const events: ToolCallEvent[] = [];
    const { results, finished } = await executeToolCalls({
      tools,
      calls,
      context,
      emit: async (event) => void events.push(event),
    });

    expect(log).toEqual(["start x", "start y", "end x", "end y", "write"]);
    expect(finished).toEqual({ summary: "done" });
    expect(results.map((result) => [result.toolCallId, result.content])).toEqual([
      ["c1", "Finished."],
      ["c2", "peer x"],
      ["c3", "peer y"],
      ["c4", "noted"],
      ["c5", "1  alpha"],
      ["c6", "1  beta"],
    ]);
    expect(events.map((event) => `${event.type} ${event.toolCallId}`)).toEqual([
      "tool_call c2",
      "tool_call c3",
      "tool_result c2",
      "tool_result c3",
      "tool_call c4",
      "tool_result c4",
      "tool_call c5",
      "tool_call c6",
      "tool_result c5",
      "tool_result c6",
      "tool_call c1",
      "tool_result c1",
    ]);
  });
});
