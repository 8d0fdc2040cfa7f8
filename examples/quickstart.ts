import { createMemory } from "@hippograph/memory";

const memory = await createMemory(); // offline, in memory; pass { path: "memory.db" } to keep it
await memory.addEpisodes(
  [
    { text: "I finally adopted a grey cat, her name is Pixel", speaker: "Ana", thread: "chat-1", source: { id: "ana" } },
    { text: "Congrats! I'm training for the Lisbon half marathon", speaker: "Bruno", thread: "chat-1", source: { id: "bruno" } },
  ],
  { ns: "user-42" }, // every call is scoped to a namespace
);

for (const hit of await memory.search("what is the name of Ana's cat?", { ns: "user-42", k: 2 })) {
  console.log(hit.score.toFixed(4), JSON.stringify(hit.channels), hit.node.text); // which index found it, at what rank
}

const [race] = await memory.search("Lisbon half marathon", { ns: "user-42", k: 1 });
await memory.invalidate(race!.id, { ns: "user-42", reason: "race cancelled" }); // kept for "as of" reads
const erased = await memory.eraseSource("ana", { ns: "user-42" }); // right to be forgotten, history included
console.log(`erased ${erased.nodeIds.length} memory; ${JSON.stringify(await memory.stats({ ns: "user-42" }))}`);
await memory.close();
