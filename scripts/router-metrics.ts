/**
 * RouteLLM-style metrics for a router over a set of prompts with known strong and weak quality
 * and cost: the threshold sweep, the performance gap recovered (PGR) at each point, its average
 * over the sweep (APGR, by share of strong calls as RouteLLM reports it, and by cost), the
 * cheapest point keeping 95% of the strong model's quality, and the random and oracle baselines.
 */

/** What the metrics need of a prompt. */
export interface Outcome {
  qualityStrong: number;
  qualityWeak: number;
  costStrong: number;
  costWeak: number;
}

/** One operating point of a sweep: the prompts scoring at or above `threshold` go to the strong model. */
export interface Point {
  threshold: number;
  /** Share of prompts sent to the strong model, 0..1. */
  share: number;
  /** Mean quality. */
  quality: number;
  /** Total USD. */
  cost: number;
  /** (quality - weak) / (strong - weak). */
  pgr: number;
  /** (cost - weak) / (strong - weak), 0..1. */
  costShare: number;
}

/** A router's (or a baseline's) summary on one set of prompts. */
export interface Summary {
  points: Point[];
  /** Average PGR over the sweep by share of strong calls (RouteLLM's APGR); random routing scores 0.5. */
  apgr: number;
  /** Average PGR over the sweep by normalised cost; random routing scores 0.5 here too. */
  apgrCost: number;
  /** The cheapest point with quality >= 95% of the strong model's; undefined when none reaches it. */
  at95?: Point;
  /** Smallest share of strong calls reaching 50% / 80% of the gap (RouteLLM's CPT). */
  cpt50?: number;
  cpt80?: number;
}

/** The set's totals: the strong-only and weak-only routings. */
export interface Totals {
  n: number;
  qualityStrong: number;
  qualityWeak: number;
  costStrong: number;
  costWeak: number;
}

/** Strong-only and weak-only quality (mean) and cost (sum). */
export function totals(rows: readonly Outcome[]): Totals {
  let qs = 0;
  let qw = 0;
  let cs = 0;
  let cw = 0;
  for (const r of rows) {
    qs += r.qualityStrong;
    qw += r.qualityWeak;
    cs += r.costStrong;
    cw += r.costWeak;
  }
  const n = Math.max(1, rows.length);
  return { n: rows.length, qualityStrong: qs / n, qualityWeak: qw / n, costStrong: cs, costWeak: cw };
}

function area(xs: readonly number[], ys: readonly number[]): number {
  let sum = 0;
  for (let i = 1; i < xs.length; i++) sum += ((xs[i]! - xs[i - 1]!) * (ys[i]! + ys[i - 1]!)) / 2;
  return sum;
}

/**
 * Sweeps the threshold over every distinct score, highest first. Prompts with equal scores move
 * together: a threshold cannot split them. Between two points the curve is a straight line, which
 * is what randomising between the two thresholds achieves.
 */
export function sweep(rows: readonly Outcome[], scores: readonly number[]): Summary {
  const t = totals(rows);
  const gap = t.qualityStrong - t.qualityWeak;
  const costGap = t.costStrong - t.costWeak;
  const order = rows.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  const n = Math.max(1, rows.length);
  let quality = t.qualityWeak * n;
  let cost = t.costWeak;
  const point = (threshold: number, k: number): Point => ({
    threshold,
    share: k / n,
    quality: quality / n,
    cost,
    pgr: gap !== 0 ? (quality / n - t.qualityWeak) / gap : 0,
    costShare: costGap !== 0 ? (cost - t.costWeak) / costGap : 0,
  });
  const points: Point[] = [point(Number.POSITIVE_INFINITY, 0)];
  for (let k = 0; k < order.length; ) {
    const s = scores[order[k]!]!;
    while (k < order.length && scores[order[k]!] === s) {
      const r = rows[order[k]!]!;
      quality += r.qualityStrong - r.qualityWeak;
      cost += r.costStrong - r.costWeak;
      k++;
    }
    points.push(point(s, k));
  }
  const summary: Summary = {
    points,
    apgr: area(
      points.map((p) => p.share),
      points.map((p) => p.pgr),
    ),
    apgrCost: area(
      points.map((p) => p.costShare),
      points.map((p) => p.pgr),
    ),
  };
  const at95 = points.find((p) => p.quality >= 0.95 * t.qualityStrong - 1e-12);
  if (at95) summary.at95 = at95;
  const cpt50 = points.find((p) => p.pgr >= 0.5 - 1e-12);
  const cpt80 = points.find((p) => p.pgr >= 0.8 - 1e-12);
  if (cpt50) summary.cpt50 = cpt50.share;
  if (cpt80) summary.cpt80 = cpt80.share;
  return summary;
}

/** The oracle's ranking: the prompts where the strong model gains the most go first, those where it loses last. */
export function oracleScores(rows: readonly Outcome[]): number[] {
  return rows.map((r) => r.qualityStrong - r.qualityWeak);
}

/** Random routing's expected point at a share p of strong calls. */
export function randomAt(t: Totals, share: number): { share: number; quality: number; cost: number } {
  return { share, quality: t.qualityWeak + share * (t.qualityStrong - t.qualityWeak), cost: t.costWeak + share * (t.costStrong - t.costWeak) };
}

/** Random routing's cheapest expected point at 95% of the strong model's quality. */
export function randomAt95(t: Totals): { share: number; quality: number; cost: number } {
  const gap = t.qualityStrong - t.qualityWeak;
  const share = gap <= 0 ? 0 : Math.min(1, Math.max(0, (0.95 * t.qualityStrong - t.qualityWeak) / gap));
  return randomAt(t, share);
}
