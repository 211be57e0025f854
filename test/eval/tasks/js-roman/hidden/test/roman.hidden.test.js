import assert from "node:assert/strict";
import { test } from "node:test";
import { toRoman } from "../src/roman.js";

test("small numbers", () => {
  assert.equal(toRoman(1), "I");
  assert.equal(toRoman(4), "IV");
  assert.equal(toRoman(9), "IX");
  assert.equal(toRoman(14), "XIV");
});
test("every subtractive pair", () => {
  assert.equal(toRoman(40), "XL");
  assert.equal(toRoman(90), "XC");
  assert.equal(toRoman(400), "CD");
  assert.equal(toRoman(900), "CM");
});
test("large numbers", () => {
  assert.equal(toRoman(1994), "MCMXCIV");
  assert.equal(toRoman(3999), "MMMCMXCIX");
});
