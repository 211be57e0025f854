/** A title as a URL slug: lower case, words joined by single dashes, no dashes at either end. */
export function slugify(title) {
  return title.toLowerCase().replace(/[^a-z0-9]/g, "-");
}
