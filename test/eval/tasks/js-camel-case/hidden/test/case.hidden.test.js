import assert from "node:assert/strict";
import { test } from "node:test";
import { camelCase } from "../src/case.js";

test("two words", () => assert.equal(camelCase("hello world"), "helloWorld"));
test("dashes, underscores and capitals", () => assert.equal(camelCase("Hello-World_foo"), "helloWorldFoo"));
test("spaces around and between", () => assert.equal(camelCase("  spaced  out "), "spacedOut"));
test("shouting is lowered", () => assert.equal(camelCase("LOUD NOISES"), "loudNoises"));
test("empty text", () => assert.equal(camelCase(""), ""));
