export * from "./lib";
export as namespace Zod;
