import type { AgentRun, RunStopReason } from "../../db/schema";
import type { Env } from "../env.server";
import { costMicroUsd, type ModelPrice } from "../models/catalog";
import type { Usage } from "../models/types";

/** A run's caps. A cap reached stops the loop, and the caller keeps the work (SWE-agent's autosubmission). */
export type RunLimits = {
  maxTurns: number;
  maxCostMicroUsd?: number | null;
  /** What the run's tokens cost (the workspace's price or the catalog's); without it the cost cap counts nothing. */
  price?: ModelPrice | null;
  /** When the run's time is up (epoch ms). */
  deadline?: number | null;
};

/** A stop that keeps the work: thrown (or given as an abort reason) anywhere in a turn, the loop returns it. */
export class LimitStop extends Error {
  constructor(
    readonly reason: RunStopReason,
    message: string,
  ) {
    super(message);
    this.name = "LimitStop";
  }
}

/** Warnings come this many turns, and this share of the cost and time, before a cap. */
const WARN_TURNS_BEFORE = 3;
const WARN_AT_SHARE = 0.8;
const dollars = (micro: number) => `$${(micro / 1_000_000).toFixed(2)}`;

/**
 * Keeps count of a run's turns, cost and time against its caps: `check` before
 * each turn throws the stop once a cap is reached, and returns the warnings
 * newly due (each once) for the model to read.
 */
export class LimitWatch {
  private spentMicroUsd = 0;
  private readonly startedAt = Date.now();
  private readonly warned = new Set<string>();

  constructor(private readonly limits: RunLimits) {}

  addUsage(usage: Usage) {
    if (this.limits.price) this.spentMicroUsd += costMicroUsd(this.limits.price, usage);
  }

  check(turn: number): string[] {
    const { maxTurns, maxCostMicroUsd, deadline } = this.limits;
    if (turn > maxTurns) throw new LimitStop("turns", `The run reached its cap of ${maxTurns} turns.`);
    if (maxCostMicroUsd && this.spentMicroUsd >= maxCostMicroUsd)
      throw new LimitStop(
        "cost",
        `The run reached its cost cap of ${dollars(maxCostMicroUsd)} (spent ${dollars(this.spentMicroUsd)}).`,
      );
    if (deadline && Date.now() >= deadline) throw timeUp();

    const warnings: string[] = [];
    const left = maxTurns - turn + 1;
    if (left <= WARN_TURNS_BEFORE && this.once("turns"))
      warnings.push(`${left === 1 ? "This is your last turn" : `You have ${left} turns left`} before the run is stopped.`);
    if (maxCostMicroUsd && this.spentMicroUsd >= maxCostMicroUsd * WARN_AT_SHARE && this.once("cost"))
      warnings.push(`The run has spent ${dollars(this.spentMicroUsd)} of its ${dollars(maxCostMicroUsd)} cost cap.`);
    if (deadline && this.startedNear(deadline) && this.once("time"))
      warnings.push(`The run has about ${Math.ceil((deadline - Date.now()) / 1000)} s left before its time cap.`);
    return warnings.map(
      (warning) =>
        `${warning} Wrap up: get the change into a working state, then call finish. What is in the workspace at the stop is kept as a draft pull request marked incomplete.`,
    );
  }

  private startedNear(deadline: number) {
    return Date.now() - this.startedAt >= (deadline - this.startedAt) * WARN_AT_SHARE;
  }

  private once(kind: string) {
    if (this.warned.has(kind)) return false;
    this.warned.add(kind);
    return true;
  }
}

/** The caps a run runs under: its own, or the environment's defaults. The time counts from the run's start. */
export function runLimitsOf(
  run: Pick<AgentRun, "maxTurns" | "maxCostMicroUsd" | "maxSeconds" | "startedAt">,
  env: Env,
  price: ModelPrice | null,
) {
  const seconds = run.maxSeconds ?? env.AGENT_RUN_TIMEOUT_SECONDS;
  return {
    price,
    maxTurns: run.maxTurns ?? env.AGENT_MAX_TURNS,
    maxCostMicroUsd: run.maxCostMicroUsd ?? Math.round(env.AGENT_MAX_COST_USD * 1_000_000),
    seconds,
    deadline: (run.startedAt?.getTime() ?? Date.now()) + seconds * 1000,
  };
}

/** Time a run keeps after its cap to store the diff and push the draft pull request, before it is cut off. */
export const DELIVERY_GRACE_SECONDS = 120;

export const timeUp = () => new LimitStop("time", "The run reached its time cap.");
