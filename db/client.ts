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

/**
 * Runs `work` inside one transaction that every service call made by it joins
 * (through `db`): an API mutation and its audit entry commit or roll back
 * together. Services' own `db.transaction(...)` become savepoints inside it.
 */
export async function withAmbientTransaction<T>(work: () => Promise<T>): Promise<T> {
  return getConnection().db.transaction((tx) => ambient.run(tx, work));
}

/** Runs `work` with `tx` as the ambient transaction: services it calls through `db` join it. */
export function joinTransaction<T>(tx: Transaction, work: () => Promise<T>): Promise<T> {
  return ambient.run(tx, work);
}

/** The ambient transaction, when the caller is inside one. */
export function ambientTransaction() {
  return ambient.getStore();
}

/** The process's Drizzle client (or the ambient transaction). Only services use it. */
export const db = new Proxy({} as Database, {
  get(_target, property) {
    const real = (ambient.getStore() as Database | undefined) ?? getConnection().db;
    const value = Reflect.get(real, property, real) as unknown;
    return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(real) : value;
  },
});
