/** Why an unpriced model cannot be used, in words that say where to fix it. */
export function unpricedModelMessage(model: string) {
  return `The model "${model}" has no price, so budgets could not count its cost: an admin can give it one under Settings → Model prices.`;
}
