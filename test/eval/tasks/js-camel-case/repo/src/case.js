/**
 * Text in camelCase: words are split on anything that is not a letter or a digit; the first word is all lower
 * case, each later one starts with a capital and is lower case after it. "Hello-World_foo" → "helloWorldFoo".
 */
export function camelCase(text) {
  throw new Error("camelCase is not implemented yet");
}
