/** Replaces the run's env var values in what a pod reports (see `masker`). */
export type Mask = <T>(value: T) => T;
