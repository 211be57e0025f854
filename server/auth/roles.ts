/** The roles every tenant starts with, from most to least powerful. */
export const ROLE_KEYS = ["admin", "pm", "dev", "qa", "viewer"] as const;
export type RoleKey = (typeof ROLE_KEYS)[number];

export const ROLE_NAMES: Record<RoleKey, string> = {
  admin: "Admin",
  pm: "Product manager",
  dev: "Developer",
  qa: "QA",
  viewer: "Viewer",
};
