/** The /v1/models document: every public model (or those the key may call). */
import type { GatewayCore, KeyInfo } from "./gateway-core.js";

export interface ModelList {
  object: "list";
  data: { id: string; object: "model"; created: number; owned_by: string }[];
}

const CREATED = Math.floor(Date.now() / 1000);

export function listModels(core: GatewayCore, key: KeyInfo): ModelList {
  const data = [];
  for (const name of core.models.keys()) if (!key.models || key.models.has(name)) data.push({ id: name, object: "model" as const, created: CREATED, owned_by: "hippograph-gateway" });
  return { object: "list", data };
}
