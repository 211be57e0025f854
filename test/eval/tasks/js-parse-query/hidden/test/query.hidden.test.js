import assert from "node:assert/strict";
import { test } from "node:test";
import { parseQuery } from "../src/query.js";

test("values are decoded", () =>
  assert.deepEqual(parseQuery("?name=Ada%20Lovelace&lang=en"), { name: "Ada Lovelace", lang: "en" }));
test("a plus is a space", () => assert.deepEqual(parseQuery("q=a+b"), { q: "a b" }));
test("keys are decoded too", () => assert.deepEqual(parseQuery("k%C3%A9=v"), { "ké": "v" }));
test("only the first equals sign splits", () => assert.deepEqual(parseQuery("x=1=2"), { x: "1=2" }));
test("a key without a value is empty", () => assert.deepEqual(parseQuery("flag"), { flag: "" }));
test("an empty query", () => assert.deepEqual(parseQuery(""), {}));
