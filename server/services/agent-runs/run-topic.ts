/** The event-bus topic a run's events are published on. */
export const runTopic = (runId: number) => `run:${runId}`;
