import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../db/embedded";
import { runMigrations } from "../db/migrate";
import { createBoss } from "../jobs/boss";
import { createQueues } from "../jobs";
import { createLogger } from "../server/logger";

declare module "vitest" {
  export interface ProvidedContext {
    /** Connection string with `{db}` where the database name goes. */
    databaseUrlPattern: string;
    templateDatabase: string;
  }
}

/**
 * One Postgres for the whole run (embedded, or DATABASE_URL's server), and one
 * migrated template database; each test file clones it (CREATE DATABASE … TEMPLATE).
 */
export default async function setup(project: TestProject) {
  let embedded: EmbeddedPostgres | undefined;
  let tempDir: string | undefined;
  let pattern: string;
  const external = process.env.DATABASE_URL;
  if (external) {
    const url = new URL(external);
    url.pathname = "/{db}";
    pattern = url.toString().replace("%7Bdb%7D", "{db}");
  } else {
    tempDir = mkdtempSync(path.join(os.tmpdir(), "al-test-"));
    // mkdtemp makes a 0700 folder, which the `postgres` user could not enter when we run as root.
    chmodSync(tempDir, 0o755);
    embedded = await startEmbeddedPostgres({ dataDir: path.join(tempDir, "postgres"), database: "postgres" });
    pattern = embedded.urlFor("{db}");
  }
  const urlFor = (database: string) => pattern.replace("{db}", database);
  const template = `al_template_${process.pid}_${Date.now()}`;
  const admin = postgres(urlFor("postgres"), { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${template}"`);
  await runMigrations(urlFor(template));
  // Install pg-boss's schema and our queues once, so every file's copy has them.
  const boss = createBoss(urlFor(template), createLogger("silent"));
  await boss.start();
  await createQueues(boss);
  await boss.stop({ graceful: false, close: true });
  await admin.unsafe(`alter database "${template}" with is_template true`);

  project.provide("databaseUrlPattern", pattern);
  project.provide("templateDatabase", template);

  return async () => {
    await admin.unsafe(`alter database "${template}" with is_template false`);
    await admin.unsafe(`drop database if exists "${template}" with (force)`);
    await admin.end();
    await embedded?.stop();
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  };
}
