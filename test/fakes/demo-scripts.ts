import type { RequestView, Script } from "./model-script";

/** The task text the model was given (first user message), without the script marker. */
function taskOf(request: RequestView) {
  return (request.messages[0]?.text ?? "").replace(/\[\[script:[^\]]*\]\]/g, "").trim();
}

function lastResult(request: RequestView) {
  return request.messages[request.messages.length - 1]?.toolResults[0]?.content ?? "";
}

/**
 * Scripted models for the offline demo and the browser tests. `default` (no
 * marker in the prompt) behaves like a small, careful agent: it looks around,
 * reads the README when there is one, writes its notes, checks `git status`
 * and finishes. `slow` streams for a long time (for cancelling); `slow-writer` writes a
 * file first (for stopping a run that keeps its work).
 */
export function demoScripts(): Script[] {
  return [
    {
      name: "default",
      turns: [
        {
          text: "I'll start by looking at what is in the workspace.",
          chunkSize: 6,
          chunkDelayMs: 15,
          toolCalls: [{ name: "list_files", input: { path: ".", depth: 2 } }],
        },
        (request) => {
          const listing = lastResult(request);
          if (/^README\.md$/m.test(listing))
            return {
              text: "There is a README; reading it for context.",
              toolCalls: [{ name: "read_file", input: { path: "README.md" } }],
            };
          return {
            text: "The workspace is empty, so I'll start the notes from scratch.",
            toolCalls: [{ name: "list_files", input: { path: ".", depth: 1 } }],
          };
        },
        (request) => {
          const task = taskOf(request);
          const content = `# Agent notes\n\n## Task\n\n${task}\n\n## Approach\n\n1. Read the code around the change.\n2. Make the smallest change that does the job.\n3. Check it with the project's own tools.\n`;
          return {
            text: "Writing down the task and the approach.",
            chunkSize: 6,
            chunkDelayMs: 15,
            toolCalls: [{ name: "write_file", input: { path: "AGENT_NOTES.md", content } }],
          };
        },
        { text: "Checking what changed.", toolCalls: [{ name: "run_command", input: { command: "git status --short" } }] },
        (request) => ({
          text: "All done.",
          toolCalls: [
            {
              name: "finish",
              input: {
                summary: `Added **AGENT_NOTES.md** with the task and the approach.\n\n\`git status\`:\n\n\`\`\`\n${lastResult(request).trim()}\n\`\`\``,
              },
            },
          ],
        }),
      ],
    },
    {
      name: "slow",
      turns: [{ text: "Thinking about this very carefully. ".repeat(300), chunkSize: 8, chunkDelayMs: 40 }],
    },
    {
      // Writes a file, then thinks for a long time: for stopping a run and keeping its work.
      name: "slow-writer",
      turns: [
        {
          text: "Starting with a draft.",
          toolCalls: [{ name: "write_file", input: { path: "DRAFT.md", content: "# Draft\n\nThe first half of the work.\n" } }],
        },
        { text: "Now the careful part. ".repeat(400), chunkSize: 8, chunkDelayMs: 40 },
      ],
    },
  ];
}

/** The demo repository: a tiny calculator CLI with a test and an AGENTS.md. */
export const DEMO_REPO_FILES: Record<string, string> = {
  "README.md": "# hello-lime\n\nA tiny calculator CLI used by the Assembly Lime demo.\n\n```sh\nnode src/cli.js add 2 3\n```\n",
  "package.json":
    JSON.stringify({ name: "hello-lime", version: "1.0.0", type: "module", scripts: { test: "node --test" } }, null, 2) + "\n",
  "src/calc.js": "export const add = (a, b) => a + b;\nexport const subtract = (a, b) => a - b;\n",
  "src/cli.js":
    "import { add, subtract } from './calc.js';\nconst [op, a, b] = process.argv.slice(2);\nconst fn = { add, subtract }[op];\nif (!fn) { console.error('usage: cli.js add|subtract a b'); process.exit(1); }\nconsole.log(fn(Number(a), Number(b)));\n",
  "test/calc.test.js":
    "import { test } from 'node:test';\nimport assert from 'node:assert';\nimport { add } from '../src/calc.js';\ntest('add', () => assert.equal(add(2, 3), 5));\n",
  "AGENTS.md": "Run `npm test` after every change. Keep functions pure.\n",
};
