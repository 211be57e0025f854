import path from "node:path";
import { describe, expect, it } from "vitest";
import { exportedFunctions, operationsPerFileViolations, outsideCallViolations, serviceFiles } from "./services";

const root = path.resolve(__dirname, "../..");

describe("services call the outside world through adapters, one operation per file", () => {
  const files = serviceFiles(root);

  it("reads every service file, and no test", () => {
    expect(files.length).toBeGreaterThan(150);
    expect(files.map((file) => file.path)).toContain("server/services/agent-runs/deliver-run.ts");
    expect(files.some((file) => file.path.endsWith(".test.ts"))).toBe(false);
  });

  it("has no service that imports an outside SDK or the GitHub client factory, or calls Octokit itself", () => {
    expect(outsideCallViolations(files)).toEqual([]);
  });

  it("refuses the SDK imports, the client factory and the Octokit calls a service may not make", () => {
    const wrong = outsideCallViolations([
      // deliver-run as it was: it built its own client.
      {
        path: "server/services/agent-runs/deliver-run.ts",
        source:
          'import type { Octokit } from "@octokit/rest";\nimport { githubClient, githubErrorMessage } from "../../github/client";\n',
      },
      {
        path: "server/services/clusters/sync-cluster.ts",
        source: 'import { CoreV1Api } from "@kubernetes/client-node";\nimport Anthropic from "@anthropic-ai/sdk";\n',
      },
      {
        path: "server/services/images/upload-image.ts",
        source: 'import { PutObjectCommand } from "@aws-sdk/client-s3";\nconst OpenAI = await import("openai");\n',
      },
      // The allowed type-only import of the webhook payload types, as a value import.
      { path: "server/services/webhooks/summarise-delivery.ts", source: 'import { Webhooks } from "@octokit/webhooks";\n' },
      // setup-webhook as it was: an Octokit call in the service.
      {
        path: "server/services/webhooks/setup-webhook.ts",
        source: "const { data } = await octokit.rest.repos.createWebhook({ owner, repo });\n",
      },
      {
        path: "server/services/repositories/list-branches.ts",
        source: "return octokit.paginate(octokit.rest.repos.listBranches, {});\n",
      },
    ]);
    expect(wrong).toEqual([
      "server/services/agent-runs/deliver-run.ts imports @octokit/rest: services call outside services through their adapters",
      "server/services/agent-runs/deliver-run.ts imports server/github/client.ts: services reach GitHub through server/github/ adapters",
      "server/services/clusters/sync-cluster.ts imports @kubernetes/client-node: services call outside services through their adapters",
      "server/services/clusters/sync-cluster.ts imports @anthropic-ai/sdk: services call outside services through their adapters",
      "server/services/images/upload-image.ts imports @aws-sdk/client-s3: services call outside services through their adapters",
      "server/services/images/upload-image.ts imports openai: services call outside services through their adapters",
      "server/services/webhooks/summarise-delivery.ts imports @octokit/webhooks: services call outside services through their adapters",
      "server/services/webhooks/setup-webhook.ts calls Octokit itself: a GitHub call is an adapter function in server/github/",
      "server/services/repositories/list-branches.ts calls Octokit itself: a GitHub call is an adapter function in server/github/",
    ]);
    expect(
      outsideCallViolations([
        {
          path: "server/services/webhooks/summarise-delivery.ts",
          source: 'import type { EmitterWebhookEvent } from "@octokit/webhooks";\n',
        },
        {
          path: "server/services/webhooks/setup-webhook.ts",
          source:
            'import { gitHubRequests } from "../../github/github-calls";\nimport { createRepositoryWebhook } from "../../github/webhooks";\nawait github((octokit) => createRepositoryWebhook(octokit, hook));\n',
        },
      ]),
    ).toEqual([]);
  });

  it("has one exported operation per service file, apart from the listed helpers and the files not yet split", () => {
    expect(operationsPerFileViolations(files)).toEqual([]);
  });

  it("counts a file's exported functions, arrow functions included, and refuses a second operation beside the first", () => {
    const source = [
      "export type Moved = { id: number };",
      "export const TICKET_LIMIT = 100;",
      "export async function moveTicket() {}",
      "export function archiveTicket() {}",
      "export const reopenTicket = async (options: { id: number }) => options.id;",
      "export const closeTicket = (id: number) => id;",
      "function internal() {}",
    ].join("\n");
    expect(exportedFunctions(source)).toEqual(["moveTicket", "archiveTicket", "reopenTicket", "closeTicket"]);
    expect(
      operationsPerFileViolations(
        [
          { path: "server/services/tickets/move-ticket.ts", source },
          { path: "server/services/tickets/get-ticket.ts", source: "export async function getTicket() {}" },
          {
            path: "server/services/tickets/create-ticket.ts",
            source: "export const LIMIT = 1;\nexport async function createTicket() {}",
          },
        ],
        new Set(["server/services/tickets/get-ticket.ts", "server/services/tickets/gone.ts"]),
      ),
    ).toEqual([
      "server/services/tickets/move-ticket.ts exports 4 functions (moveTicket, archiveTicket, reopenTicket, closeTicket): one operation per file",
      "server/services/tickets/get-ticket.ts exports one function now: take it off MULTI_FUNCTION_FILES_ALLOWED",
      "server/services/tickets/gone.ts is gone: take it off MULTI_FUNCTION_FILES_ALLOWED",
    ]);
  });
});
