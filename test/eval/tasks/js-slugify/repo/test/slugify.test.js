import assert from "node:assert/strict";
import { test } from "node:test";
import { slugify } from "../src/slugify.js";

test("a title with punctuation becomes one dash between words", () => {
  assert.equal(slugify("Hello, World!"), "hello-world");
});
