import assert from "node:assert/strict";
import { test } from "node:test";
import { chunk } from "../src/chunk.js";

test("the leftover items form a last, shorter chunk", () => assert.deepEqual(chunk([1, 2, 3, 4, 5], 2), [[1, 2], [3, 4], [5]]));
test("an empty list has no chunks", () => assert.deepEqual(chunk([], 3), []));
test("an exact fit has no short chunk", () => assert.deepEqual(chunk([1, 2, 3], 3), [[1, 2, 3]]));
test("fewer items than the size make one chunk", () => assert.deepEqual(chunk([1], 5), [[1]]));
