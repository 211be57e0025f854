import { LimitStop } from "./limits";

const REPEATS = 3;
const ERRORS_IN_A_ROW = 5;

/**
 * Notices a model going in circles (after OpenHands' `controller/stuck.py`):
 * the same call with the same result three times in a row, or five failed
 * calls in a row. The first time it returns a nudge for the model; the second
 * time it throws the stop, which keeps the work.
 */
export class StuckDetector {
  private lastCall = "";
  private repeats = 0;
  private errors = 0;
  private nudged = false;

  /** One tool call and its result; returns a nudge when the model looks stuck for the first time. */
  record(call: { name: string; input: unknown }, result: { content: string; isError: boolean }): string | null {
    const signature = JSON.stringify([call.name, call.input, result.content, result.isError]);
    this.repeats = signature === this.lastCall ? this.repeats + 1 : 1;
    this.lastCall = signature;
    this.errors = result.isError ? this.errors + 1 : 0;
    // Told to the model ("you") and, at the stop, about it ("it").
    const why =
      this.repeats >= REPEATS
        ? (who: string) => `${who} made the same ${call.name} call ${REPEATS} times in a row and got the same result each time.`
        : this.errors >= ERRORS_IN_A_ROW
          ? (who: string) => `${who === "You" ? "Your" : "its"} last ${ERRORS_IN_A_ROW} tool calls all failed.`
          : null;
    if (!why) return null;
    if (this.nudged) throw new LimitStop("stuck", `The agent looked stuck: ${why("it")}`);
    this.nudged = true;
    this.repeats = 0;
    this.errors = 0;
    return `${why("You")} Repeating it will not help: step back, read the error or the code again, and try a different approach — or call finish and say what blocks you.`;
  }
}
