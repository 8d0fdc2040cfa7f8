/**
 * A small built-in frequency list: content lemmas among the most frequent in conversational English
 * (compiled by hand from general-purpose frequency lists). A keyword that is one of these says little
 * about what a text is about, so its salience is scaled down — the "rarity" half of tf × rarity.
 */
export const COMMON_WORDS: ReadonlySet<string> = new Set(
  (
    // verbs
    "be have do say get make go know think take see come want look use find give tell work call try ask need feel " +
    "become leave put mean keep let begin seem help talk turn start show hear play run move like live believe hold " +
    "bring happen write sit stand lose pay meet include continue set learn change lead understand watch follow stop " +
    "create speak read allow add spend grow open walk win offer remember love consider appear buy wait serve die send " +
    "expect build stay fall cut reach remain guess hope wish share enjoy check sound glad thank hang miss plan " +
    // nouns
    "thing people way man woman life child kid world school state family group country problem hand part place case " +
    "company system program question number night point home water room area money story fact lot right study book " +
    "eye job word business issue side kind head house service friend power hour game line end member car city name " +
    "team minute idea body information back parent face others level office door health person art history party " +
    "result morning reason moment air force stuff bit guy girl boy everyone everything something anything nothing " +
    "someone anyone lot lots way time day week month year today experience fun chance sense " +
    // adjectives
    "good new first last long great little own other old big high different small large next early young important " +
    "few public bad same able nice cool awesome amazing sure real true whole best better hard easy happy sorry " +
    "fine great glad special wonderful beautiful lovely super totally certain free full main various"
  ).split(" "),
);

/** Conversational filler that wink may tag as a content word ("yeah" as NOUN). */
export const FILLER: ReadonlySet<string> = new Set(
  "yeah yes yep no nope ok okay oh wow hey hi hello thanks thank lol haha hmm um uh please sure gonna wanna kinda sorta".split(" "),
);
