/**
 * Turn-level retrieval metrics as the LoCoMo authors score them: recall@k is the fraction of a
 * question's gold dia_ids among the top k retrieved turns. nDCG@10 uses binary relevance, the ideal
 * ranking placing every gold turn first (at most 10 of them).
 */

export interface QuestionScore {
  r5: number;
  r10: number;
  r25: number;
  ndcg10: number;
}

export function scoreQuestion(ranked: readonly string[], gold: readonly string[]): QuestionScore {
  const wanted = new Set(gold);
  const recall = (k: number) => ranked.slice(0, k).filter((id) => wanted.has(id)).length / wanted.size;
  let dcg = 0;
  ranked.slice(0, 10).forEach((id, i) => wanted.has(id) && (dcg += 1 / Math.log2(i + 2)));
  let ideal = 0;
  for (let i = 0; i < Math.min(10, wanted.size); i++) ideal += 1 / Math.log2(i + 2);
  return { r5: recall(5), r10: recall(10), r25: recall(25), ndcg10: dcg / ideal };
}

export interface Aggregate {
  overall: QuestionScore;
  byCategory: Record<string, QuestionScore>;
  questions: number;
}

/** Means per category and overall (every question weighs the same, as in the paper). */
export function aggregate(scores: readonly { category: number; score: QuestionScore }[]): Aggregate {
  const mean = (xs: readonly QuestionScore[]): QuestionScore => {
    const sum = { r5: 0, r10: 0, r25: 0, ndcg10: 0 };
    for (const x of xs) for (const key of Object.keys(sum) as (keyof QuestionScore)[]) sum[key] += x[key];
    const n = Math.max(1, xs.length);
    return { r5: round(sum.r5 / n), r10: round(sum.r10 / n), r25: round(sum.r25 / n), ndcg10: round(sum.ndcg10 / n) };
  };
  const byCategory: Record<string, QuestionScore> = {};
  for (const category of [...new Set(scores.map((s) => s.category))].sort((a, b) => a - b)) {
    byCategory[String(category)] = mean(scores.filter((s) => s.category === category).map((s) => s.score));
  }
  return { overall: mean(scores.map((s) => s.score)), byCategory, questions: scores.length };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
