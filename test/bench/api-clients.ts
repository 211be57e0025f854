import { performance } from "node:perf_hooks";
import { createAssemblyLimeClient } from "../../server/client";

/**
 * The load generator of bench:api, in a process of its own: an open loop that
 * starts one request every 1/rps seconds whatever the answers do (so a slow
 * server shows as latency, not as a lower offered rate), each a random pick of
 * the read mix through the typed client. Sends its figures to the parent.
 */
type Plan = {
  url: string;
  apiKey: string;
  rps: number;
  seconds: number;
  projectKeys: string[];
  ticketIds: number[];
  projectIds: number[];
};

const plan = JSON.parse(process.argv[2]!) as Plan;
const client = createAssemblyLimeClient({ url: plan.url, apiKey: plan.apiKey });
const pick = <T>(items: T[]) => items[Math.floor(Math.random() * items.length)]!;
const MIX: Array<() => Promise<unknown>> = [
  () => client.projects.list.query(),
  () => client.projects.board.query({ key: pick(plan.projectKeys) }),
  () => client.tickets.get.query({ ticketId: pick(plan.ticketIds) }),
  () => client.agentRuns.list.query({ projectId: pick(plan.projectIds) }),
];

const latencies: number[] = [];
let errors = 0;
let firstError: string | undefined;
const inFlight = new Set<Promise<void>>();
const started = performance.now();
const total = plan.rps * plan.seconds;
for (let sent = 0; sent < total; sent++) {
  const due = started + (sent * 1000) / plan.rps;
  const wait = due - performance.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  const begin = performance.now();
  const request = pick(MIX)()
    .then(() => void latencies.push(performance.now() - begin))
    .catch((error: unknown) => {
      errors++;
      firstError ??= error instanceof Error ? error.message : String(error);
    })
    .finally(() => inFlight.delete(request));
  inFlight.add(request);
}
await Promise.all(inFlight);
const wallMs = performance.now() - started;
process.send!({ latencies, errors, firstError, wallMs });
