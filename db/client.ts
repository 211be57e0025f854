import { AsyncLocalStorage } from "node:async_hooks";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema";

export function connectDatabase(url: string, options: { max?: number } = {}) {
  const sql = postgres(url, {
    max: options.max ?? 20,
    onnotice: () => {},
    connection: { application_name: "assembly-lime" },
  });
  const db = drizzle({ client: sql, schema });
  return { sql, db };
}

export type Connection = ReturnType<typeof connectDatabase>;
export type Database = Connection["db"];
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
/** What a service accepts when it may run inside a caller's transaction. */
export type Executor = Database | Transaction;

// The Remix server bundle and the Express server each load this module; the
// connection lives on globalThis so both share one pool in one process.
const registry = globalThis as typeof globalThis & { __assemblyLimeConnection?: Connection };

export function setConnection(connection: Connection | undefined) {
  registry.__assemblyLimeConnection = connection;
}

export function getConnection(): Connection {
  const connection = registry.__assemblyLimeConnection;
  if (!connection) throw new Error("The database is not connected yet.");
  return connection;
}

const ambient = new AsyncLocalStorage<Transaction>();
// Marks work running inside any transaction opened through `db`, ambient or
// explicit: calls to outside services check it (see `assertNoOpenTransaction`).
const open = new AsyncLocalStorage<true>();

/**
 * Runs `work` inside one transaction that every service call made by it joins
 * (through `db`): an API mutation and its audit entry commit or roll back
 * together. Services' own `db.transaction(...)` become savepoints inside it.
 */
export async function withAmbientTransaction<T>(work: () => Promise<T>): Promise<T> {
  return getConnection().db.transaction((tx) => open.run(true, () => ambient.run(tx, work)));
}

/** Commits `work`'s writes in one transaction: `ctx.inTransaction` of an explicit mutation (with its audit entry), or `inTransaction`. */
export type Commit = <T>(work: () => Promise<T>) => Promise<T>;

/** `work` in the ambient transaction when there is one, else in a new one that its service calls join. */
export const inTransaction: Commit = (work) => (ambient.getStore() ? work() : withAmbientTransaction(work));

/** Runs `work` with `tx` as the ambient transaction: services it calls through `db` join it. */
export function joinTransaction<T>(tx: Transaction, work: () => Promise<T>): Promise<T> {
  return open.run(true, () => ambient.run(tx, work));
}

/** The ambient transaction, when the caller is inside one. */
export function ambientTransaction() {
  return ambient.getStore();
}

/** Raised when code calls an outside service while it holds a transaction open. */
export class NetworkInTransactionError extends Error {}

/**
 * Refuses a call to an outside service (GitHub, Kubernetes, S3, a model, a
 * hook URL) made while a transaction is open: it would hold row locks and a
 * pool connection for as long as the other side takes, and a rollback cannot
 * undo what the call did. The work that must follow a row is queued as a job
 * in the row's transaction instead (decision 026). Adapters call this before
 * every request, so a violation fails the tests that reach it.
 */
export function assertNoOpenTransaction(service: string) {
  if (open.getStore()) {
    throw new NetworkInTransactionError(
      `${service} was called inside a database transaction; call it before or after the transaction, or queue a job.`,
    );
  }
}

/** The process's Drizzle client (or the ambient transaction). Only services use it. */
export const db = new Proxy({} as Database, {
  get(_target, property) {
    const real = (ambient.getStore() as Database | undefined) ?? getConnection().db;
    if (property === "transaction") return markedTransaction(real);
    const value = Reflect.get(real, property, real) as unknown;
    return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(real) : value;
  },
});

/** `transaction` of `real`, marking its callback's work as inside a transaction. */
function markedTransaction(real: Database | Transaction) {
  return <T>(work: (tx: Transaction) => Promise<T>, config?: Parameters<Database["transaction"]>[1]) =>
    (real as Database).transaction((tx) => open.run(true, () => work(tx)), config);
}
