/** A URL query string ("?a=1&b=two", the "?" optional) as an object of decoded keys and values. */
export function parseQuery(query) {
  const result = {};
  for (const pair of query.replace(/^\?/, "").split("&")) {
    if (!pair) continue;
    const [key, value = ""] = pair.split("=");
    result[key] = value;
  }
  return result;
}
