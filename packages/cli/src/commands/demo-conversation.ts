import type { EpisodeInput } from "@hippograph/memory";

/**
 * The demo's conversation: an original, made-up exchange written for this project (same licence as
 * the repository), 48 turns between Priya, a marine biologist, and Tomás, a baker, over four sessions
 * (February to April 2024). It lives in the source, not in a data file, so `hippograph demo` runs the
 * same from a checkout and from an installed package, and nothing here looks like a benchmark set
 * (those are read from ../shared/data at run time).
 */
const turn = (id: string, session: number, at: string, speaker: string, text: string): EpisodeInput => ({
  id, text, speaker, thread: "priya-tomas", session: `session-${session}`, at, source: { id: "sample-conversation", type: "user" },
});

export const DEMO_CONVERSATION: readonly EpisodeInput[] = [
  turn("s1-t01", 1, "2024-02-03T18:00:00Z", "Tomás", "Priya! Long time no see. How was the research cruise off the Azores?"),
  turn("s1-t02", 1, "2024-02-03T18:01:00Z", "Priya", "Exhausting but wonderful. We tagged eleven loggerhead turtles, and one of them has already swum 300 km south."),
  turn("s1-t03", 1, "2024-02-03T18:02:00Z", "Tomás", "Eleven turtles! Do they get names, or just numbers?"),
  turn("s1-t04", 1, "2024-02-03T18:03:00Z", "Priya", "Numbers officially, but the crew named the fastest one Biscuit, after your bakery."),
  turn("s1-t05", 1, "2024-02-03T18:04:00Z", "Tomás", "I'm honoured. Speaking of the bakery, I finally signed the lease on a second shop in Porto."),
  turn("s1-t06", 1, "2024-02-03T18:05:00Z", "Priya", "Congratulations! When does it open?"),
  turn("s1-t07", 1, "2024-02-03T18:06:00Z", "Tomás", "If the oven arrives on time, the first week of April."),
  turn("s1-t08", 1, "2024-02-03T18:07:00Z", "Priya", "I'll be back in Lisbon by then. I'd love to come to the opening."),
  turn("s1-t09", 1, "2024-02-03T18:08:00Z", "Tomás", "You have to. I'm working on a seaweed sourdough just for you."),
  turn("s1-t10", 1, "2024-02-03T18:09:00Z", "Priya", "Seaweed in bread sounds strange, but I trust you."),
  turn("s1-t11", 1, "2024-02-03T18:10:00Z", "Tomás", "How is your knee, by the way? You were limping at New Year."),
  turn("s1-t12", 1, "2024-02-03T18:11:00Z", "Priya", "Better. The physiotherapist says no running until March, so I've switched to swimming laps."),
  turn("s2-t01", 2, "2024-02-17T09:30:00Z", "Priya", "Bad news: my grant renewal was rejected this morning."),
  turn("s2-t02", 2, "2024-02-17T09:31:00Z", "Tomás", "Oh no. The one that funds the turtle tracking project?"),
  turn("s2-t03", 2, "2024-02-17T09:32:00Z", "Priya", "Yes. The reviewers want more data on nesting beaches before they pay for another season."),
  turn("s2-t04", 2, "2024-02-17T09:33:00Z", "Tomás", "Can you apply again?"),
  turn("s2-t05", 2, "2024-02-17T09:34:00Z", "Priya", "The next deadline is in June. My supervisor, Dr. Okafor, thinks we can finish the beach surveys by then."),
  turn("s2-t06", 2, "2024-02-17T09:35:00Z", "Tomás", "Then that's the plan. Do you need help? I can drive the van on weekends."),
  turn("s2-t07", 2, "2024-02-17T09:36:00Z", "Priya", "You would really spend your weekends counting turtle nests on a beach?"),
  turn("s2-t08", 2, "2024-02-17T09:37:00Z", "Tomás", "It beats kneading dough at four in the morning. And I've never seen a hatchling."),
  turn("s2-t09", 2, "2024-02-17T09:38:00Z", "Priya", "Hatchlings only come out in late summer, so you'd have to be patient."),
  turn("s2-t10", 2, "2024-02-17T09:39:00Z", "Tomás", "Meanwhile the oven supplier just emailed me: the delivery slipped by two weeks."),
  turn("s2-t11", 2, "2024-02-17T09:40:00Z", "Priya", "So the Porto opening moves to the middle of April?"),
  turn("s2-t12", 2, "2024-02-17T09:41:00Z", "Tomás", "Probably the 15th. I'm more nervous about it than I expected."),
  turn("s3-t01", 3, "2024-03-09T20:15:00Z", "Tomás", "I hired my first employee for the Porto shop today, a pastry chef called Inês."),
  turn("s3-t02", 3, "2024-03-09T20:16:00Z", "Priya", "Wonderful! Where did she train?"),
  turn("s3-t03", 3, "2024-03-09T20:17:00Z", "Tomás", "Six years in Lyon. Her croissants are better than mine, which hurts a little."),
  turn("s3-t04", 3, "2024-03-09T20:18:00Z", "Priya", "Maybe she can teach you a trick or two."),
  turn("s3-t05", 3, "2024-03-09T20:19:00Z", "Priya", "My news: I started running again this week, just short loops along the river."),
  turn("s3-t06", 3, "2024-03-09T20:20:00Z", "Tomás", "Careful with that knee."),
  turn("s3-t07", 3, "2024-03-09T20:21:00Z", "Priya", "I am. Also, Dr. Okafor got us a permit to survey the beaches on Boa Vista in May."),
  turn("s3-t08", 3, "2024-03-09T20:22:00Z", "Tomás", "Cape Verde? That's a long way from Lisbon."),
  turn("s3-t09", 3, "2024-03-09T20:23:00Z", "Priya", "Three weeks of fieldwork on the nesting beaches. I'm excited and terrified."),
  turn("s3-t10", 3, "2024-03-09T20:24:00Z", "Tomás", "Pack sunscreen. And bring me back some local sea salt for the bread."),
  turn("s3-t11", 3, "2024-03-09T20:25:00Z", "Priya", "Deal. Any progress on the seaweed loaf?"),
  turn("s3-t12", 3, "2024-03-09T20:26:00Z", "Tomás", "The third test batch finally rose properly. Inês says it tastes like the ocean, in a good way."),
  turn("s4-t01", 4, "2024-04-16T08:00:00Z", "Priya", "How did the opening go yesterday? I'm sorry I missed it, my flight was cancelled."),
  turn("s4-t02", 4, "2024-04-16T08:01:00Z", "Tomás", "Don't worry about it. We sold out by noon, and the seaweed sourdough went first."),
  turn("s4-t03", 4, "2024-04-16T08:02:00Z", "Priya", "That's wonderful! You earned every bit of it."),
  turn("s4-t04", 4, "2024-04-16T08:03:00Z", "Tomás", "Inês worked eighteen hours straight, so I gave her Sunday off."),
  turn("s4-t05", 4, "2024-04-16T08:04:00Z", "Priya", "She deserves it. I finally booked my flight to Boa Vista; I leave on the 6th of May."),
  turn("s4-t06", 4, "2024-04-16T08:05:00Z", "Tomás", "How long will you be without internet?"),
  turn("s4-t07", 4, "2024-04-16T08:06:00Z", "Priya", "Mostly offline for three weeks, with a satellite message now and then."),
  turn("s4-t08", 4, "2024-04-16T08:07:00Z", "Tomás", "I'll save you a photo of the queue outside the shop for when you're back."),
  turn("s4-t09", 4, "2024-04-16T08:08:00Z", "Priya", "And I'll mail you a photo of the first nest we find."),
  turn("s4-t10", 4, "2024-04-16T08:09:00Z", "Tomás", "By the way, where is Biscuit the turtle now?"),
  turn("s4-t11", 4, "2024-04-16T08:10:00Z", "Priya", "Still heading south. She passed Madeira last week, over 900 km in total."),
  turn("s4-t12", 4, "2024-04-16T08:11:00Z", "Tomás", "Faster than my oven delivery, then."),
];
