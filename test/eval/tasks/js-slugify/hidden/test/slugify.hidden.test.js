import assert from "node:assert/strict";
import { test } from "node:test";
import { slugify } from "../src/slugify.js";

test("punctuation between words becomes one dash", () => assert.equal(slugify("Hello, World!"), "hello-world"));
test("runs of spaces collapse and the ends are trimmed", () => assert.equal(slugify("  Many   spaces  "), "many-spaces"));
test("an existing slug is kept", () => assert.equal(slugify("already-slugged"), "already-slugged"));
test("double dashes collapse", () => assert.equal(slugify("a--b"), "a-b"));
test("digits are kept", () => assert.equal(slugify("Top 10 Tips"), "top-10-tips"));
