import assert from "node:assert/strict";
import { test } from "node:test";
import { sumRange } from "../src/sum-range.js";

test("both ends are included", () => assert.equal(sumRange(1, 3), 6));
test("a range of one number is that number", () => assert.equal(sumRange(5, 5), 5));
test("negative numbers count", () => assert.equal(sumRange(-2, 2), 0));
test("one to a hundred", () => assert.equal(sumRange(1, 100), 5050));
