/**
 * Deterministic synthetic conversations for benchmarks: many two-person threads split into dated
 * sessions, turns of 8–30 words drawn from topic vocabularies with Zipf-like frequencies, with names,
 * places, numbers and dates mixed in, plus questions about what was said. The same seed always
 * yields the same corpus, so runs and machines can be compared.
 *
 * The vocabulary is a few hundred real topic words followed by a long tail of pronounceable
 * pseudo-words, all ranked by one Zipf law, so that BM25 posting lists and hash-embedding buckets
 * have the skew of real chat text (a few very common terms, a long tail of rare ones).
 */

/** mulberry32: a tiny, fast, well-mixed 32-bit PRNG. Returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Rng = () => number;

export function int(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)]!;
}

/** Samples ranks 0..n-1 with P(r) ∝ 1 / (r + q)^s (Zipf–Mandelbrot), by binary search on the CDF. */
export class Zipf {
  private readonly cdf: Float64Array;

  constructor(n: number, s = 1.05, q = 2.7) {
    this.cdf = new Float64Array(n);
    let sum = 0;
    for (let r = 0; r < n; r++) {
      sum += 1 / Math.pow(r + q, s);
      this.cdf[r] = sum;
    }
    for (let r = 0; r < n; r++) this.cdf[r]! /= sum;
  }

  sample(rng: Rng): number {
    const u = rng();
    let lo = 0;
    let hi = this.cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cdf[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

// ---- vocabularies --------------------------------------------------------------------------

const FIRST_NAMES = (
  "Maria James Aisha Chen Lucas Sofia Omar Hannah Diego Priya Noah Emma Kenji Fatima Liam Olivia Mateo Zara Ethan Chloe " +
  "Ravi Ingrid Tomas Leila Felix Nadia Hugo Yuki Samuel Elena Jonas Amara Pavel Lucia Malik Freya Andre Mei Oscar Grace " +
  "Tariq Julia Marco Anya Dmitri Isla Kofi Rosa Arjun Clara Sven Nora Ibrahim Alice Theo Camila Viktor Esme Rafael Lina"
).split(" ");

const SURNAMES = (
  "Silva Johnson Khan Wang Martin Rossi Haddad Becker Lopez Sharma Brown Dubois Tanaka Ali Murphy Novak Garcia Okafor " +
  "Fischer Costa Petrov Nguyen Larsen Moreau Kim Andersen Mendes Schmidt Ivanova Reyes"
).split(" ");

const PLACES = (
  "Lisbon Paris Berlin Tokyo Madrid Rome Amsterdam Prague Vienna Seoul Boston Chicago Denver Seattle Toronto Vancouver " +
  "Sydney Melbourne Auckland Dublin Edinburgh London Oslo Stockholm Helsinki Copenhagen Barcelona Porto Athens Istanbul " +
  "Marrakesh Cairo Nairobi Lagos Mumbai Delhi Bangkok Hanoi Singapore Kyoto Osaka Lima Bogota Mexico Havana Montreal " +
  "Austin Portland Reykjavik Zurich Geneva Munich Florence Venice Naples Seville Valencia Krakow Budapest Bali"
).split(" ");

const COMPANIES = (
  "Acme Globex Initech Umbrella Hooli Vandelay Stark Wayne Cyberdyne Tyrell Soylent Aperture Monarch Oscorp Wonka " +
  "Gringotts Pied Dunder Sterling Massive Nakatomi Virtucon Primatech Blueth"
).split(" ");

const PETS = "dog cat puppy kitten parrot rabbit hamster turtle goldfish horse".split(" ");
const PET_NAMES = "Biscuit Luna Max Pepper Milo Coco Bella Charlie Nala Oreo Ziggy Mochi Rocky Daisy Simba".split(" ");
const RELATIVES = "sister brother mother father grandmother grandfather cousin aunt uncle daughter son niece nephew wife husband".split(" ");
const MONTHS = "January February March April May June July August September October November December".split(" ");
const WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split(" ");

interface Topic {
  name: string;
  words: readonly string[];
}

const TOPICS: readonly Topic[] = [
  {
    name: "hobbies",
    words: ("painting guitar piano hiking climbing pottery knitting chess photography gardening cycling running swimming " +
      "surfing skating drawing sketching baking reading novels poetry writing journaling camping fishing birdwatching " +
      "woodworking sewing crochet yoga dancing singing choir band concert canvas watercolor acrylic lens tripod trail " +
      "summit boulder wave board garden tomatoes roses seeds soil kiln clay wheel chord melody lesson practice tournament " +
      "club workshop hobby weekend studio album vinyl record puzzle crossword marathon").split(" "),
  },
  {
    name: "work",
    words: ("meeting deadline project manager promotion salary interview resume colleague team client presentation report " +
      "budget quarter launch product design engineering marketing sales startup office remote commute contract freelance " +
      "internship mentor feedback review sprint roadmap conference workshop training certificate degree career job boss " +
      "coworker shift overtime raise layoff hiring onboarding spreadsheet email slack laptop desk schedule agenda " +
      "milestone stakeholder investor pitch revenue customer support ticket release deploy bug code").split(" "),
  },
  {
    name: "family",
    words: ("kids children baby toddler school homework birthday party wedding anniversary parents grandparents siblings " +
      "family dinner holiday christmas thanksgiving reunion visit house move apartment neighborhood babysitter daycare " +
      "graduation kindergarten teacher playground soccer practice recital bedtime story nap diaper stroller crib " +
      "teenager college tuition allowance chores cousin relatives photos album memories tradition recipe heirloom " +
      "adoption pregnancy ultrasound newborn twins").split(" "),
  },
  {
    name: "travel",
    words: ("trip flight airport hotel hostel passport visa luggage suitcase backpack itinerary beach museum cathedral " +
      "castle island mountains lake river coast village city tour guide map train bus ferry road rental car cruise " +
      "resort booking reservation souvenir postcard sunset sunrise vacation journey adventure festival market bazaar " +
      "temple ruins waterfall glacier desert jungle safari snorkeling layover jetlag customs border terminal gate " +
      "boarding delay").split(" "),
  },
  {
    name: "food",
    words: ("dinner lunch breakfast brunch restaurant cafe recipe cooking pasta pizza sushi ramen tacos curry salad soup " +
      "bread cake cookies pie chocolate coffee tea wine beer cocktail cheese vegetables fruit chicken beef fish tofu " +
      "rice noodles spices garlic olive oil butter sugar flour oven grill barbecue picnic menu chef kitchen dessert " +
      "snack vegan vegetarian gluten dumplings paella croissant espresso latte smoothie avocado mango lemon basil " +
      "cinnamon honey").split(" "),
  },
  {
    name: "health",
    words: ("doctor appointment checkup hospital clinic dentist therapy therapist medication prescription vitamins sleep " +
      "insomnia stress anxiety headache migraine flu cold fever cough allergy injury knee ankle back shoulder surgery " +
      "recovery physiotherapy exercise gym workout weights cardio diet nutrition calories meditation mindfulness " +
      "steps heart blood pressure cholesterol diabetes vaccine test results scan xray sprain bruise stretching " +
      "hydration posture wellness burnout").split(" "),
  },
  {
    name: "pets",
    words: ("vet leash walk park collar treats kibble litter cage aquarium grooming training tricks fetch ball toy " +
      "shelter rescue adoption breed fur paws tail bark meow chew bed crate vaccination fleas sitter kennel " +
      "puppyhood obedience agility").split(" "),
  },
  {
    name: "money",
    words: ("rent mortgage savings budget loan debt credit card bank account investment stocks bonds crypto taxes refund " +
      "insurance bills payment paycheck expenses groceries discount sale coupon subscription pension retirement " +
      "fund interest bonus inheritance landlord deposit").split(" "),
  },
  {
    name: "entertainment",
    words: ("movie film series episode season netflix cinema theater show actor actress director plot ending spoiler " +
      "trailer documentary podcast book author chapter game videogame console streaming comedy drama thriller horror " +
      "anime soundtrack playlist song singer festival ticket premiere sequel character villain hero").split(" "),
  },
  {
    name: "home",
    words: ("kitchen bathroom bedroom living room garage attic basement renovation paint furniture sofa couch table " +
      "chair lamp curtains carpet plumber electrician leak roof window door fence yard lawn mower vacuum laundry " +
      "dishwasher fridge heater boiler mold tiles shelves wardrobe mattress pillow blanket decor plants balcony").split(" "),
  },
];

/** Function words with roughly their share of English running text, Zipf-ranked on their own. */
const FUNCTION_WORDS = (
  "the i and to a you it of that in is was we my so but for just it's on have with me be not this they at like what " +
  "really was yeah he she oh do all about so know think one get would can there go out if up when been some had " +
  "time then were our too much also because even still him her them how going did well got lot"
).split(" ");

const FILLERS = "honestly actually definitely maybe probably basically literally totally anyway though".split(" ");

/** Pronounceable pseudo-words for the long tail of rare terms (brand names, slang, typos, jargon). */
function pseudoWords(rng: Rng, n: number): string[] {
  const onsets = "b c d f g h j k l m n p r s t v w z br cr dr fl gr pl pr sh st th tr ch".split(" ");
  const vowels = "a e i o u ai ea ee oo ou ie".split(" ");
  const codas = " n r s t l m nd st rk sh".split(" ");
  const seen = new Set<string>();
  const out: string[] = [];
  while (out.length < n) {
    const syllables = int(rng, 2, 3);
    let w = "";
    for (let i = 0; i < syllables; i++) w += pick(rng, onsets) + pick(rng, vowels) + (i === syllables - 1 ? pick(rng, codas) : "");
    if (w.length < 4 || seen.has(w)) continue;
    seen.add(w);
    out.push(w);
  }
  return out;
}

// ---- the corpus ----------------------------------------------------------------------------

export interface SyntheticTurn {
  id: string;
  text: string;
  speaker: string;
  thread: string;
  session: string;
  /** Epoch milliseconds. */
  at: number;
}

/** Something said that a later question can ask about. */
interface Fact {
  kind: "trip" | "job" | "pet" | "relative" | "event" | "number" | "food" | "hobby";
  speaker: string;
  partner: string;
  at: number;
  place?: string;
  company?: string;
  pet?: string;
  petName?: string;
  relative?: string;
  person?: string;
  amount?: number;
  item?: string;
  topicWord?: string;
}

export interface CorpusOptions {
  turns: number;
  seed?: number;
  /** Pseudo-words in the rare tail (default 20,000). */
  tailWords?: number;
  /**
   * "session" (default): sessions of all conversations interleaved by date, as a multi-conversation
   * service would write them. "conversation": one whole conversation after another (a bulk import).
   */
  order?: "session" | "conversation";
}

export interface Corpus {
  turns: SyntheticTurn[];
  conversations: number;
  sessions: number;
  /** Distinct non-function words that occur, for reporting. */
  vocabulary: number;
  facts: Fact[];
}

const DAY = 86_400_000;
const START = Date.UTC(2022, 0, 3);

interface Conversation {
  index: number;
  speakers: [string, string];
  topics: Topic[];
  sessions: { at: number; turns: number }[];
}

interface Generator {
  rng: Rng;
  words: string[];
  wordZipf: Zipf;
  topicZipf: Map<string, Zipf>;
  fnZipf: Zipf;
}

export function generateCorpus(options: CorpusOptions): Corpus {
  const seed = options.seed ?? 42;
  const rng = mulberry32(seed);
  const tail = pseudoWords(mulberry32(seed ^ 0x5eed), options.tailWords ?? 20_000);
  // One global ranking for the background vocabulary: all topic words first (shuffled), then the tail.
  const topicWords = shuffle(rng, [...new Set(TOPICS.flatMap((t) => t.words))]);
  const words = [...topicWords, ...tail];
  const g: Generator = {
    rng,
    words,
    wordZipf: new Zipf(words.length, 1.0, 5),
    topicZipf: new Map(TOPICS.map((t) => [t.name, new Zipf(t.words.length, 0.9, 3)])),
    fnZipf: new Zipf(FUNCTION_WORDS.length, 0.9, 1.5),
  };

  // Plan conversations until they hold enough turns, then cut the last one to size.
  const conversations: Conversation[] = [];
  let planned = 0;
  while (planned < options.turns) {
    const a = personName(rng);
    let b = personName(rng);
    while (b === a) b = personName(rng);
    const topics = shuffle(rng, [...TOPICS]).slice(0, int(rng, 2, 4));
    const sessions: { at: number; turns: number }[] = [];
    let at = START + int(rng, 0, 365) * DAY + int(rng, 8, 21) * 3_600_000 + int(rng, 0, 59) * 60_000;
    const count = int(rng, 8, 32);
    for (let s = 0; s < count && planned < options.turns; s++) {
      const n = Math.min(int(rng, 8, 36), options.turns - planned);
      sessions.push({ at, turns: n });
      planned += n;
      at += int(rng, 1, 21) * DAY + int(rng, -3, 3) * 3_600_000;
    }
    conversations.push({ index: conversations.length, speakers: [a, b], topics, sessions });
  }

  type SessionRef = { conv: Conversation; s: number };
  const order: SessionRef[] = conversations.flatMap((conv) => conv.sessions.map((_, s) => ({ conv, s })));
  if ((options.order ?? "session") === "session") {
    order.sort((x, y) => x.conv.sessions[x.s]!.at - y.conv.sessions[y.s]!.at || x.conv.index - y.conv.index);
  }

  const turns: SyntheticTurn[] = [];
  const facts: Fact[] = [];
  const vocabulary = new Set<string>();
  for (const { conv, s } of order) {
    const session = conv.sessions[s]!;
    const thread = `conv-${conv.index}`;
    let at = session.at;
    for (let t = 0; t < session.turns; t++) {
      const who = t % 2 === 0 ? 0 : 1;
      const speaker = conv.speakers[who]!;
      const partner = conv.speakers[1 - who]!;
      at += int(rng, 20, 180) * 1000;
      // Speaker-prefixed, as conversation memories usually store turns, so "what did Maria say" can match.
      const text = `${first(speaker)}: ${turnText(g, conv, speaker, partner, at, facts, vocabulary)}`;
      turns.push({ id: `${thread}-s${s}-t${t}`, text, speaker, thread, session: `${thread}-s${s}`, at });
    }
  }
  return { turns, conversations: conversations.length, sessions: order.length, vocabulary: vocabulary.size, facts };
}

function personName(rng: Rng): string {
  return `${pick(rng, FIRST_NAMES)} ${pick(rng, SURNAMES)}`;
}

function first(name: string): string {
  return name.split(" ")[0]!;
}

function shuffle<T>(rng: Rng, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

function dateWords(rng: Rng, at: number): string {
  const d = new Date(at);
  switch (int(rng, 0, 4)) {
    case 0: return `on ${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
    case 1: return `in ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
    case 2: return `last ${pick(rng, WEEKDAYS)}`;
    case 3: return `on ${d.toISOString().slice(0, 10)}`;
    default: return `${int(rng, 2, 11)} days ago`;
  }
}

/** One turn: an optional factual phrase plus Zipf-drawn topic, background and function words. */
function turnText(g: Generator, conv: Conversation, speaker: string, partner: string, at: number, facts: Fact[], vocabulary: Set<string>): string {
  const { rng } = g;
  const target = int(rng, 8, 30);
  const parts: string[] = [];
  const topic = pick(rng, conv.topics);
  const topicWord = () => topic.words[g.topicZipf.get(topic.name)!.sample(rng)]!;

  if (rng() < 0.35) parts.push(...factPhrase(g, speaker, partner, at, topicWord(), facts).split(" "));
  else if (rng() < 0.15) parts.push(first(partner) + ",");
  while (parts.length < target) {
    const u = rng();
    let w: string;
    if (u < 0.42) w = FUNCTION_WORDS[g.fnZipf.sample(rng)]!;
    else if (u < 0.72) w = topicWord();
    else if (u < 0.93) w = g.words[g.wordZipf.sample(rng)]!;
    else if (u < 0.96) w = pick(rng, FILLERS);
    else if (u < 0.98) w = String(int(rng, 2, rng() < 0.5 ? 12 : 500));
    else w = pick(rng, rng() < 0.5 ? PLACES : FIRST_NAMES);
    parts.push(w);
  }
  for (const w of parts) vocabulary.add(w.toLowerCase().replace(/[^\p{L}\p{N}]/gu, ""));
  let text = parts.join(" ");
  text = text.charAt(0).toUpperCase() + text.slice(1);
  return text + pick(rng, [".", ".", ".", "!", "?"]);
}

function factPhrase(g: Generator, speaker: string, partner: string, at: number, topicWord: string, facts: Fact[]): string {
  const { rng } = g;
  const base = { speaker, partner, at };
  const when = dateWords(rng, at);
  switch (int(rng, 0, 7)) {
    case 0: {
      const place = pick(rng, PLACES);
      facts.push({ ...base, kind: "trip", place });
      return pick(rng, [`I went to ${place} ${when}`, `we just got back from ${place}`, `I'm flying to ${place} ${when}`, `my trip to ${place} was amazing`]);
    }
    case 1: {
      const company = pick(rng, COMPANIES);
      facts.push({ ...base, kind: "job", company });
      return pick(rng, [`I started a new job at ${company} ${when}`, `I had an interview with ${company}`, `${company} offered me a position`]);
    }
    case 2: {
      const pet = pick(rng, PETS);
      const petName = pick(rng, PET_NAMES);
      facts.push({ ...base, kind: "pet", pet, petName });
      return pick(rng, [`we adopted a ${pet} named ${petName}`, `my ${pet} ${petName} is sick`, `${petName} my ${pet} learned a new trick`]);
    }
    case 3: {
      const relative = pick(rng, RELATIVES);
      const person = pick(rng, FIRST_NAMES);
      facts.push({ ...base, kind: "relative", relative, person });
      return pick(rng, [`my ${relative} ${person} is visiting ${when}`, `${person} my ${relative} turned ${int(rng, 3, 90)}`, `I called my ${relative} ${person}`]);
    }
    case 4: {
      const place = pick(rng, PLACES);
      facts.push({ ...base, kind: "event", place, topicWord });
      return pick(rng, [`there was a ${topicWord} event in ${place} ${when}`, `I signed up for the ${topicWord} thing in ${place}`]);
    }
    case 5: {
      const amount = int(rng, 2, 250);
      facts.push({ ...base, kind: "number", amount, topicWord });
      return pick(rng, [`I spent ${amount} dollars on ${topicWord}`, `it took ${amount} minutes of ${topicWord}`, `I did ${amount} km of ${topicWord}`]);
    }
    case 6: {
      const item = pick(rng, TOPICS[4]!.words);
      facts.push({ ...base, kind: "food", item });
      return pick(rng, [`I cooked ${item} for ${first(partner)}`, `we had ${item} at that place ${when}`, `my favourite is ${item}`]);
    }
    default: {
      facts.push({ ...base, kind: "hobby", topicWord });
      return pick(rng, [`I've been getting into ${topicWord} lately`, `I finally tried ${topicWord} ${when}`, `${topicWord} is my new obsession`]);
    }
  }
}

// ---- questions -----------------------------------------------------------------------------

export interface SyntheticQuery {
  text: string;
  kind: "when" | "what" | "paraphrase" | "entity" | "long";
}

/**
 * Questions of the shapes people ask a memory: direct "when" questions, "what did X say about Y",
 * paraphrases that share few words with the turn, bags of entities, and a few long rambling ones.
 */
export function generateQueries(corpus: Corpus, count: number, seed = 7): SyntheticQuery[] {
  const rng = mulberry32(seed);
  const out: SyntheticQuery[] = [];
  const facts = corpus.facts;
  if (facts.length === 0) throw new Error("the corpus holds no facts to ask about; generate more turns");
  while (out.length < count) {
    const f = pick(rng, facts);
    const who = first(f.speaker);
    const d = new Date(f.at);
    const month = MONTHS[d.getUTCMonth()]!;
    const u = rng();
    if (u < 0.05) {
      out.push({ kind: "long", text: longQuestion(rng, f, corpus) });
      continue;
    }
    if (u < 0.25) {
      const entities = [who, f.place, f.company, f.petName, f.person, f.item, String(d.getUTCFullYear())].filter(Boolean);
      out.push({ kind: "entity", text: shuffle(rng, entities as string[]).join(" ") });
      continue;
    }
    const paraphrase = u < 0.5;
    const text = question(rng, f, who, month, paraphrase);
    out.push({ kind: paraphrase ? "paraphrase" : text.startsWith("When") ? "when" : "what", text });
  }
  return out;
}

function question(rng: Rng, f: Fact, who: string, month: string, paraphrase: boolean): string {
  switch (f.kind) {
    case "trip":
      return paraphrase
        ? pick(rng, [`Has ${who} ever visited ${f.place}?`, `${who}'s holiday in ${f.place}`, `Which city did ${who} travel to in ${month}?`])
        : pick(rng, [`When did ${who} go to ${f.place}?`, `What did ${who} say about the trip to ${f.place}?`]);
    case "job":
      return paraphrase
        ? pick(rng, [`Where does ${who} work now?`, `${who} employer ${f.company} career change`])
        : pick(rng, [`When did ${who} start working at ${f.company}?`, `What happened with ${who}'s interview at ${f.company}?`]);
    case "pet":
      return paraphrase
        ? pick(rng, [`Does ${who} have any animals?`, `What is the name of ${who}'s ${f.pet}?`])
        : pick(rng, [`When did ${who} adopt ${f.petName}?`, `What did ${who} say about ${f.petName} the ${f.pet}?`]);
    case "relative":
      return paraphrase
        ? pick(rng, [`Who in ${who}'s family came over?`, `${who} ${f.relative} visit`])
        : pick(rng, [`When is ${who}'s ${f.relative} ${f.person} visiting?`, `How old is ${f.person}, ${who}'s ${f.relative}?`]);
    case "event":
      return paraphrase
        ? pick(rng, [`Did ${who} attend anything about ${f.topicWord} in ${f.place}?`, `${f.topicWord} gathering ${f.place}`])
        : `When was the ${f.topicWord} event in ${f.place} that ${who} mentioned?`;
    case "number":
      return paraphrase
        ? `How much did ${who} put into ${f.topicWord}?`
        : pick(rng, [`How many dollars did ${who} spend on ${f.topicWord}?`, `How long did ${who}'s ${f.topicWord} take?`]);
    case "food":
      return paraphrase ? `What does ${who} like to eat?` : pick(rng, [`When did ${who} cook ${f.item}?`, `Who did ${who} make ${f.item} for?`]);
    default:
      return paraphrase ? `What new hobby did ${who} pick up in ${month}?` : `When did ${who} try ${f.topicWord}?`;
  }
}

function longQuestion(rng: Rng, f: Fact, corpus: Corpus): string {
  const other = pick(rng, corpus.facts);
  const a = first(f.speaker);
  const b = first(other.speaker);
  return (
    `I remember ${a} was talking with ${first(f.partner)} a while back about ${f.place ?? f.topicWord ?? f.item ?? "something"} ` +
    `and maybe ${f.company ?? f.petName ?? f.person ?? "a few other things"} too, and I think ${b} also mentioned ` +
    `${other.place ?? other.topicWord ?? other.item ?? "a plan"} around the same time, possibly in ${MONTHS[new Date(f.at).getUTCMonth()]}; ` +
    `can you find what exactly was said, when it happened, and whether anyone followed up on it later?`
  );
}

/** A compact description of a corpus, for bench output. */
export function describeCorpus(corpus: Corpus): { turns: number; conversations: number; sessions: number; vocabulary: number; facts: number; avgWords: number } {
  let words = 0;
  for (const t of corpus.turns) words += t.text.split(" ").length;
  return {
    turns: corpus.turns.length,
    conversations: corpus.conversations,
    sessions: corpus.sessions,
    vocabulary: corpus.vocabulary,
    facts: corpus.facts.length,
    avgWords: corpus.turns.length === 0 ? 0 : Math.round((words / corpus.turns.length) * 10) / 10,
  };
}
