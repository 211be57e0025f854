import path from "node:path";
import { describe, expect, it } from "vitest";
import { layerOf, layerViolations, repositoryImports } from "./layers";

const root = path.resolve(__dirname, "../..");

describe("the layers point down", () => {
  const imports = repositoryImports(root);

  it("finds the repository's imports, type-only ones included", () => {
    expect(imports.length).toBeGreaterThan(1000);
    expect(imports).toContainEqual({
      from: "server/agents/run-agent.ts",
      to: "server/services/agent-runs/start-run.ts",
      typeOnly: false,
    });
    expect(imports.some((entry) => entry.typeOnly)).toBe(true);
  });

  it("has no import that points up a layer, and no entry point that reaches for the database client", () => {
    expect(layerViolations(imports)).toEqual([]);
  });

  it("names each kind of code's layer", () => {
    expect(layerOf("app/routes/_app.runs.$id.tsx")).toBe("entry");
    expect(layerOf("server/routers/tickets/create-ticket.ts")).toBe("entry");
    expect(layerOf("server/agents/run-agent.ts")).toBe("entry");
    expect(layerOf("jobs/agent-run-dispatch.worker.ts")).toBe("entry");
    expect(layerOf("server/services/tickets/create-ticket.ts")).toBe("services");
    expect(layerOf("jobs/agent-run-dispatch.ts")).toBe("adapters");
    expect(layerOf("server/harness/loop.ts")).toBe("adapters");
    expect(layerOf("server/models/providers/anthropic.ts")).toBe("adapters");
    expect(layerOf("k8s/manifests.ts")).toBe("adapters");
    expect(layerOf("db/client.ts")).toBe("db");
    expect(layerOf("server/services/tickets/tickets.test.ts")).toBeNull();
    expect(layerOf("test/fakes/github/server.ts")).toBeNull();
  });

  it("refuses the imports the rules forbid", () => {
    const wrong = layerViolations([
      // A service that reaches up into the agents, as cancel-run once did.
      { from: "server/services/agent-runs/cancel-run.ts", to: "server/agents/run-agent.ts", typeOnly: false },
      // A model adapter that calls a service, even for a type.
      { from: "server/models/providers/openai.ts", to: "server/services/budgets/check-model-call.ts", typeOnly: true },
      // An executor that writes to the database itself, as run-agent once did.
      { from: "server/agents/run-agent.ts", to: "db/client.ts", typeOnly: false },
      // The schema importing an adapter.
      { from: "db/schema/agents.ts", to: "server/harness/limits.ts", typeOnly: true },
    ]);
    expect(wrong).toEqual([
      "server/services/agent-runs/cancel-run.ts (services) imports server/agents/run-agent.ts (entry): a layer may not import one above it",
      "server/models/providers/openai.ts (adapters) imports server/services/budgets/check-model-call.ts (services): a layer may not import one above it",
      "server/agents/run-agent.ts imports the database client: entry points reach the database through services",
      "db/schema/agents.ts (db) imports server/harness/limits.ts (adapters): a layer may not import one above it",
    ]);
    expect(
      layerViolations([
        { from: "server/main.ts", to: "db/client.ts", typeOnly: false },
        { from: "server/services/tickets/create-ticket.ts", to: "db/client.ts", typeOnly: false },
        { from: "server/agents/run-agent.ts", to: "server/services/agent-runs/start-run.ts", typeOnly: false },
      ]),
    ).toEqual([]);
  });
});
