import { randomBytes } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { drizzle } from "drizzle-orm/postgres-js";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { migrate as drizzleMigrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { afterAll, describe, expect, inject, it } from "vitest";
import { migrationsFolder, runMigrations } from "./migrate";

/**
 * runMigrations keeps drizzle's bookkeeping and sends each migration as one query: what it
 * makes must be what drizzle's own migrator makes, and either must take over from the other.
 */
const urlFor = (database: string) => inject("databaseUrlPattern").replace("{db}", database);
const admin = postgres(urlFor("postgres"), { max: 1, onnotice: () => {} });
const created: string[] = [];
const folders: string[] = [];

async function emptyDatabase() {
  const name = `al_test_migrate_${randomBytes(6).toString("hex")}`;
  await admin.unsafe(`create database "${name}"`);
  created.push(name);
  return urlFor(name);
}

async function withSql<T>(url: string, work: (sql: postgres.Sql) => Promise<T>) {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    return await work(sql);
  } finally {
    await sql.end();
  }
}

async function migrateWithDrizzle(url: string, folder = migrationsFolder) {
  await withSql(url, (sql) => drizzleMigrate(drizzle({ client: sql }), { migrationsFolder: folder }));
}

/** Tables and columns, constraints, indexes and functions of the public schema, as Postgres describes them. */
async function describeSchema(url: string) {
  return withSql(url, async (sql) => ({
    columns: await sql`
      select table_name, column_name, data_type, is_nullable, column_default from information_schema.columns
      where table_schema = 'public' order by table_name, column_name`,
    constraints: await sql`
      select conrelid::regclass::text as "table", conname, pg_get_constraintdef(oid) as def from pg_constraint
      where connamespace = 'public'::regnamespace order by 1, 2`,
    indexes: await sql`select tablename, indexname, indexdef from pg_indexes where schemaname = 'public' order by 1, 2`,
    functions: await sql`
      select proname, pg_get_functiondef(oid) as def from pg_proc where pronamespace = 'public'::regnamespace order by 1`,
  }));
}

async function recorded(url: string) {
  return withSql(
    url,
    (sql) => sql<{ hash: string; createdAt: string }[]>`
    select hash, created_at as "createdAt" from drizzle.__drizzle_migrations order by id`,
  );
}

/** A copy of the migrations folder whose journal holds only the first `count` entries, plus `extra` migrations. */
function folderWith(count: number, extra: { tag: string; sql: string }[] = []) {
  const folder = mkdtempSync(path.join(os.tmpdir(), "al-migrations-"));
  folders.push(folder);
  cpSync(migrationsFolder, folder, { recursive: true });
  const journalFile = path.join(folder, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalFile, "utf8")) as { entries: { idx: number; when: number; tag: string }[] };
  journal.entries = journal.entries.slice(0, count);
  let when = journal.entries.at(-1)!.when;
  for (const migration of extra) {
    writeFileSync(path.join(folder, `${migration.tag}.sql`), migration.sql);
    journal.entries.push({ ...journal.entries.at(-1)!, idx: journal.entries.length, when: ++when, tag: migration.tag });
  }
  writeFileSync(journalFile, JSON.stringify(journal));
  return folder;
}

afterAll(async () => {
  for (const name of created) await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.end();
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

describe("runMigrations", () => {
  const all = readMigrationFiles({ migrationsFolder });

  it("makes on a fresh database the schema drizzle's migrator makes, recording each migration as drizzle does", async () => {
    const ours = await emptyDatabase();
    const theirs = await emptyDatabase();
    await runMigrations(ours);
    await migrateWithDrizzle(theirs);

    const schema = await describeSchema(ours);
    expect(schema.columns.length).toBeGreaterThan(100);
    expect(schema.functions.map((row) => row.proname)).toContain("al_move_ticket");
    expect(schema).toEqual(await describeSchema(theirs));
    expect(await recorded(ours)).toEqual(
      all.map((migration) => ({ hash: migration.hash, createdAt: String(migration.folderMillis) })),
    );
    expect(await recorded(ours)).toEqual(await recorded(theirs));
  });

  it("takes over a database drizzle's migrator migrated part of the way, and applies nothing twice", async () => {
    const url = await emptyDatabase();
    await migrateWithDrizzle(url, folderWith(5));
    expect(await recorded(url)).toHaveLength(5);

    await runMigrations(url);
    expect((await recorded(url)).map((row) => row.hash)).toEqual(all.map((migration) => migration.hash));
    await runMigrations(url);
    expect(await recorded(url)).toHaveLength(all.length);

    const reference = await emptyDatabase();
    await migrateWithDrizzle(reference);
    expect(await describeSchema(url)).toEqual(await describeSchema(reference));
    // And drizzle's migrator, after ours, finds nothing to do.
    await migrateWithDrizzle(url);
    expect(await recorded(url)).toHaveLength(all.length);
  });

  it("rolls back every pending migration when one fails, and says which statement failed", async () => {
    const url = await emptyDatabase();
    await runMigrations(url, folderWith(3));
    const folder = folderWith(3, [
      {
        tag: "9000_good",
        sql: 'CREATE TABLE "al_migrate_probe" ("id" int);--> statement-breakpoint\nCREATE INDEX "al_probe_id" ON "al_migrate_probe" ("id");',
      },
      { tag: "9001_bad", sql: 'ALTER TABLE "no_such_table" ADD COLUMN "x" int;' },
    ]);

    await expect(runMigrations(url, folder)).rejects.toThrow(/no_such_table/);
    expect(await recorded(url)).toHaveLength(3);
    const probe = await withSql(url, (sql) => sql`select to_regclass('public.al_migrate_probe') as probe`);
    expect(probe[0]!.probe).toBeNull();
  });

  it("applies each migration once when replicas start together", async () => {
    const url = await emptyDatabase();
    await Promise.all([runMigrations(url), runMigrations(url), runMigrations(url)]);
    expect(await recorded(url)).toHaveLength(all.length);
  });

  it("keeps apart the statements of a migration when one ends without a semicolon, in a comment", async () => {
    const url = await emptyDatabase();
    const folder = folderWith(2, [
      {
        tag: "9000_comment",
        sql: 'CREATE TABLE "al_probe_a" ("id" int) -- no semicolon, then a comment\n--> statement-breakpoint\nCREATE TABLE "al_probe_b" ("id" int);',
      },
    ]);
    await runMigrations(url, folder);
    const tables = await withSql(
      url,
      (sql) => sql`
      select to_regclass('public.al_probe_a')::text as a, to_regclass('public.al_probe_b')::text as b`,
    );
    expect(tables[0]).toEqual({ a: "al_probe_a", b: "al_probe_b" });
  });
});
