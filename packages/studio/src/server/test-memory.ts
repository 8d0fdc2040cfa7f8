import { createMemory, type EpisodeInput, type Memory } from "@hippograph/memory";

/** A small made-up conversation in namespace "chat", one turn in "other", with events and notes built. */
export async function testMemory(): Promise<Memory> {
  const memory = await createMemory({ namespace: "chat" });
  const turn = (id: string, minute: number, speaker: string, text: string): EpisodeInput => ({
    id, text, speaker, thread: "t", at: `2024-03-01T10:${String(minute).padStart(2, "0")}:00Z`, source: { id: "test", type: "user" },
  });
  await memory.ingest([
    turn("a1", 0, "Ines", "I adopted a grey cat last week, her name is Pixel."),
    turn("a2", 1, "Rui", "Pixel is a great name! Does she like the new flat?"),
    turn("a3", 2, "Ines", "She sleeps on the balcony all day, watching pigeons."),
    turn("a4", 3, "Rui", "I'm training for the Lisbon half marathon in May."),
    turn("a5", 4, "Ines", "Good luck! Running along the river is lovely in spring."),
    turn("a6", 5, "Rui", "My knee hurts after long runs, so I swim on Sundays."),
  ], { structures: ["events", "notes", "hypergraph"] });
  await memory.addEpisodes([turn("b1", 0, "Eve", "A secret about the cat Pixel in another namespace.")], { ns: "other" });
  return memory;
}
