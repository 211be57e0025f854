import type { AgentProvider } from "../../../db/schema";
import { checkModelCall } from "./check-model-call";
import { LimitStop } from "../../harness/limits";
import type { ModelClient } from "../../models/types";

/**
 * A run stopped before a model call: its budget is spent, or its model has no
 * price. A limit like the others: the loop ends and the work is kept.
 */
export class BudgetStop extends LimitStop {
  constructor(readonly why: string) {
    super("budget", `Stopped by the budget: ${why}`);
    this.name = "BudgetStop";
  }
}

/**
 * The run's model client, asking before every call whether the run may spend
 * more (see checkModelCall). Both executors call the model only through it —
 * the local runner and the pod API's model call — so no call, compaction
 * included, skips the check.
 */
export function withRunBudget(
  client: ModelClient,
  options: {
    tenantId: number;
    run: { id: number; projectId: number | null; provider: AgentProvider; model: string };
    /** Records the stop or the (first) warning as a `budget` event. */
    report: (level: "warn" | "stop", message: string) => Promise<void>;
    /** Whether this run was warned already, by an earlier client. */
    warned?: () => Promise<boolean>;
  },
): ModelClient {
  let warned = false;
  return {
    provider: client.provider,
    async complete(request) {
      const check = await checkModelCall({ tenantId: options.tenantId, run: options.run });
      if (check.stop) {
        await options.report("stop", check.stop);
        throw new BudgetStop(check.stop);
      }
      if (check.warn && !warned) {
        warned = true;
        if (!(await options.warned?.())) await options.report("warn", check.warn);
      }
      return client.complete(request);
    },
  };
}
