/** The sum of the whole numbers from `from` to `to`, both included. */
export function sumRange(from, to) {
  let total = 0;
  for (let n = from; n < to; n++) total += n;
  return total;
}
