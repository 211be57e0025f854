/**
 * The most calls one batched tRPC request may carry: the server answers a larger
 * batch with a 400 before running any of it (so one request cannot queue
 * thousands of procedure calls in memory), and every client we ship splits its
 * batches at this size.
 */
export const MAX_BATCH_CALLS = 25;
