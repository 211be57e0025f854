const UNITS = { h: 3600, m: 60, s: 1 };

/** A duration such as "1h30m", "45s" or "2h5m10s", in seconds; anything else throws. */
export function parseDuration(text) {
  const match = /^(\d+)([hms])/.exec(text);
  if (!match) throw new Error(`Not a duration: ${text}`);
  return Number(match[1]) * UNITS[match[2]];
}
