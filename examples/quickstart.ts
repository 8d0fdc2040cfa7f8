import { createMemory } from "@hippograph/memory";

const memory = await createMemory(); // offline, in memory; pass { path: "memory.db" } to keep it
await memory.addEpisodes(
  [
    { text: "I finally adopted a grey cat, her name is Pixel", speaker: "Ana", thread: "chat-1", source: { id: "ana" } },
    { text: "Congrats! I'm training for the Lisbon half marathon", speaker: "Bruno", thread: "chat-1", source: { id: "bruno" } },
  ],
  { ns: "user-42" }, // every call is scoped to a namespace
);

const { items } = await memory.retrieve("what is the name of Ana's cat?", { ns: "user-42" }); // graph retrieval
for (const x of items) console.log(x.score.toFixed(3), Object.keys(x.evidence).join("+"), x.explanation?.path.map((p) => p.via).join(">") || "seed", x.node.text);

const [race] = await memory.search("Lisbon half marathon", { ns: "user-42", k: 1 });
await memory.invalidate(race!.id, { ns: "user-42", reason: "race cancelled" }); // kept for "as of" reads
const erased = await memory.eraseSource("ana", { ns: "user-42" }); // right to be forgotten, history included
console.log(`erased ${erased.nodeIds.length} memory; ${JSON.stringify(await memory.stats({ ns: "user-42" }))}`);
await memory.close();
