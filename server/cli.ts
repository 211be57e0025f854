import { parseArgs } from "node:util";
import { TRPCClientError } from "@trpc/client";
import { createAssemblyLimeClient } from "./client";

/**
 * `npm run cli -- <command>` — Assembly Lime from a terminal, over the typed
 * API with an API key. AL_URL (default http://localhost:3434) and AL_API_KEY.
 *
 *   projects                                   list projects
 *   tickets <PROJECT>                          list a project's tickets
 *   ticket <PROJECT> <title> [--description …] create a ticket
 *   run <PROJECT|TICKET> <prompt> [--provider claude|codex] [--mode implement|bugfix|plan|review] [--model …]
 *                                              launch a run and follow it to its end
 *   follow <runId>                             follow a run's events to its end
 */
const USAGE = `usage: npm run cli -- <projects | tickets PROJECT | ticket PROJECT TITLE | run PROJECT|TICKET PROMPT | follow RUN_ID> [options]`;

async function main(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      provider: { type: "string", default: "claude" },
      mode: { type: "string", default: "implement" },
      model: { type: "string" },
      description: { type: "string" },
    },
  });
  const apiKey = process.env.AL_API_KEY;
  if (!apiKey) throw new Error("Set AL_API_KEY to an API key (create one on the API keys page).");
  const al = createAssemblyLimeClient({ url: process.env.AL_URL ?? "http://localhost:3434", apiKey });
  const [command, ...args] = positionals;

  const projectByKey = async (key: string) => {
    const project = (await al.projects.list.query()).find((entry) => entry.key === key.toUpperCase());
    if (!project) throw new Error(`No project with the key ${key}.`);
    return project;
  };

  switch (command) {
    case "projects": {
      for (const project of await al.projects.list.query()) console.log(`${project.key}\t${project.name}`);
      return 0;
    }
    case "tickets": {
      const project = await projectByKey(args[0] ?? "");
      const board = await al.projects.board.query({ projectId: project.id });
      for (const ticket of board.tickets) console.log(`${ticket.key}\t${ticket.columnKey}\t${ticket.title}`);
      return 0;
    }
    case "ticket": {
      const project = await projectByKey(args[0] ?? "");
      const title = args.slice(1).join(" ");
      const ticket = await al.tickets.create.mutate({ projectId: project.id, title, descriptionMd: values.description });
      console.log(`${ticket.key}\t${ticket.title}`);
      return 0;
    }
    case "run": {
      const target = (args[0] ?? "").toUpperCase();
      const prompt = args.slice(1).join(" ");
      const ticket = /-\d+$/.test(target) ? await al.tickets.get.query({ key: target }) : null;
      const project = ticket ? null : await projectByKey(target);
      const run = await al.agentRuns.create.mutate({
        provider: values.provider as "claude" | "codex",
        mode: values.mode as "implement",
        model: values.model,
        prompt,
        ticketId: ticket?.id ?? null,
        projectId: project?.id ?? null,
      });
      console.log(`run ${run.id} queued`);
      return follow(al, run.id);
    }
    case "follow":
      return follow(al, Number(args[0]));
    default:
      console.error(USAGE);
      return 2;
  }
}

/** Prints a run's events as they happen; exits 0 when it completes, 1 otherwise. */
function follow(al: ReturnType<typeof createAssemblyLimeClient>, runId: number) {
  return new Promise<number>((resolve, reject) => {
    let status = "queued";
    const subscription = al.agentRuns.events.subscribe(
      { runId },
      {
        onData: ({ data }) => {
          for (const event of data) {
            const p = event.payload;
            if (event.type === "status") {
              status = String(p.status);
              console.log(`[status] ${status}${p.reason ? `: ${String(p.reason)}` : ""}`);
            } else if (event.type === "message") console.log(`[agent] ${String(p.text)}`);
            else if (event.type === "tool_call") console.log(`[tool] ${String(p.name)} ${JSON.stringify(p.input).slice(0, 200)}`);
            else if (event.type === "tool_result" && p.isError) console.log(`[tool error] ${String(p.content).slice(0, 200)}`);
            else if (event.type === "pull_request") console.log(`[pr] ${String(p.url)}`);
            else if (event.type === "artifact") console.log(`[${String(p.kind)}]\n${String(p.markdown)}`);
            else if (event.type === "error") console.log(`[error] ${String(p.message)}`);
            else if (event.type === "log") console.log(`[log] ${String(p.message)}`);
          }
        },
        onComplete: () => {
          subscription.unsubscribe();
          resolve(status === "completed" ? 0 : 1);
        },
        onError: (error) => {
          subscription.unsubscribe();
          reject(error);
        },
      },
    );
  });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof TRPCClientError || error instanceof Error ? `error: ${error.message}` : error);
    process.exit(1);
  },
);
