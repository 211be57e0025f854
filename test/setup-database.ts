import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll, inject } from "vitest";
import { connectDatabase, setConnection, type Connection } from "../db/client";

/** This test file's own database, cloned from the migrated template. */
export const testDatabase = {
  name: `al_test_${randomBytes(6).toString("hex")}`,
  url: "",
};

let connection: Connection | undefined;
const urlFor = (database: string) => inject("databaseUrlPattern").replace("{db}", database);

beforeAll(async () => {
  const admin = postgres(urlFor("postgres"), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${testDatabase.name}" template "${inject("templateDatabase")}"`);
  } finally {
    await admin.end();
  }
  testDatabase.url = urlFor(testDatabase.name);
  connection = connectDatabase(testDatabase.url, { max: 10 });
  setConnection(connection);
});

afterAll(async () => {
  setConnection(undefined);
  await connection?.sql.end({ timeout: 5 });
  const admin = postgres(urlFor("postgres"), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists "${testDatabase.name}" with (force)`);
  } finally {
    await admin.end();
  }
});
