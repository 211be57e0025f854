import assert from "node:assert/strict";
import { test } from "node:test";
import { parseQuery } from "../src/query.js";

test("values are decoded", () => {
  assert.deepEqual(parseQuery("?name=Ada%20Lovelace&lang=en"), { name: "Ada Lovelace", lang: "en" });
});
