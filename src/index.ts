export { createQStashClient, resolveBaseUrl } from "./client.ts";
export type { QStashClient, QStashClientOptions, Region } from "./client.ts";
export type { paths, components, operations } from "../generated/schema.ts";
