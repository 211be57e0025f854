import assert from "node:assert/strict";
import { test } from "node:test";
import { parseDuration } from "../src/duration.js";

test("hours and minutes add up", () => assert.equal(parseDuration("1h30m"), 5400));
test("seconds alone", () => assert.equal(parseDuration("45s"), 45));
test("hours alone", () => assert.equal(parseDuration("2h"), 7200));
test("all three units", () => assert.equal(parseDuration("1h1m1s"), 3661));
test("text that is not a duration throws", () => assert.throws(() => parseDuration("abc")));
test("trailing garbage throws", () => assert.throws(() => parseDuration("5m later")));
