import assert from "node:assert/strict";
import { test } from "node:test";
import { camelCase } from "../src/case.js";

test("two words become one camel-cased word", () => {
  assert.equal(camelCase("hello world"), "helloWorld");
});
