import assert from "node:assert/strict";
import { test } from "node:test";
import { sumRange } from "../src/sum-range.js";

test("both ends are included", () => {
  assert.equal(sumRange(1, 3), 6);
});
