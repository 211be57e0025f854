const NUMERALS = [
  [1000, "M"],
  [500, "D"],
  [100, "C"],
  [50, "L"],
  [10, "X"],
  [5, "V"],
  [1, "I"],
];

/** A whole number from 1 to 3999 in Roman numerals, the standard way (4 is IV, 90 is XC). */
export function toRoman(number) {
  let roman = "";
  for (const [value, letters] of NUMERALS) {
    while (number >= value) {
      roman += letters;
      number -= value;
    }
  }
  return roman;
}
