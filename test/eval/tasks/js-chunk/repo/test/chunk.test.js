import assert from "node:assert/strict";
import { test } from "node:test";
import { chunk } from "../src/chunk.js";

test("the leftover items form a last, shorter chunk", () => {
  assert.deepEqual(chunk([1, 2, 3, 4, 5], 2), [[1, 2], [3, 4], [5]]);
});
