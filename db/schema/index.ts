export * from "./core";
export * from "./projects";
export * from "./repos";
export * from "./features";
export * from "./agents";
export * from "./instructions";
export * from "./infra";
export * from "./security";
