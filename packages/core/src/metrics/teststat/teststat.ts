import type { Counter, Gauge, Histogram } from '../metrics.js';
import { expectedQuantiles } from './quantiles.js';
import type { Quantiles } from './quantiles.js';
import { normalRandom, seededRandom } from './random.js';

/** ValueReader reads a backend's current value for the metric under test, sync or async. */
export type ValueReader = () => number | Promise<number>;

/** QuantilesReader reads a backend's p50, p90, p95 and p99 for the histogram under test. */
export type QuantilesReader = () => Quantiles | Promise<Quantiles>;

/** NormalDistribution describes the observations {@link fillHistogram} makes. */
export interface NormalDistribution {
  /** count is the number of observations. */
  count: number;
  /** mean of the distribution. */
  mean: number;
  /** stddev is the standard deviation. */
  stddev: number;
  /** seed makes the sequence deterministic. */
  seed: number;
}

/**
 * defaultDistribution is Go kit teststat's distribution: 1234 observations, mean 500,
 * standard deviation 25, with a fixed seed.
 */
export const defaultDistribution: Readonly<NormalDistribution> = Object.freeze({
  count: 1234,
  mean: 500,
  stddev: 25,
  seed: 42,
});

/** defaultSeed seeds {@link fillCounter} and {@link fillGauge} when no seed is given. */
export const defaultSeed = 7;

/**
 * TeststatError is thrown by the `test*` functions when a backend reports the wrong value. Its
 * name is `AssertionError`, so test runners display it like a failed assertion.
 */
export class TeststatError extends Error {
  /** expected is what the backend should have reported. */
  readonly expected: unknown;
  /** actual is what it reported. */
  readonly actual: unknown;
  constructor(message: string, expected: unknown, actual: unknown) {
    super(message);
    this.name = 'AssertionError';
    this.expected = expected;
    this.actual = actual;
  }
}

/**
 * fillCounter adds a deterministic run of whole numbers (a permutation of 0..99, 1 to 100 of
 * them) to counter and returns their sum (Go kit's `FillCounter`). Whole numbers keep the sum
 * exact through any wire format.
 */
export function fillCounter(counter: Counter, seed: number = defaultSeed): number {
  const random = seededRandom(seed);
  const values = permutation(100, random);
  const n = 1 + Math.floor(random() * values.length);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    counter.add(v);
    sum += v;
  }
  return sum;
}

/**
 * fillGauge sets gauge to a deterministic run of values, then adds a few positive and negative
 * deltas, and returns the value the gauge must end on (last set plus the deltas).
 */
export function fillGauge(gauge: Gauge, seed: number = defaultSeed): number {
  const random = seededRandom(seed);
  const values = permutation(100, random);
  const n = 1 + Math.floor(random() * values.length);
  let want = 0;
  for (let i = 0; i < n; i++) {
    want = values[i]!;
    gauge.set(want);
  }
  for (const delta of [3, -5, 11, -2]) {
    gauge.add(delta);
    want += delta;
  }
  return want;
}

/**
 * fillHistogram observes `count` normally distributed values (negative draws clamped to 0, as Go
 * kit's `PopulateNormalHistogram`) and returns them in observation order.
 */
export function fillHistogram(
  histogram: Histogram,
  count: number = defaultDistribution.count,
  mean: number = defaultDistribution.mean,
  stddev: number = defaultDistribution.stddev,
  seed: number = defaultDistribution.seed,
): number[] {
  const next = normalRandom(seed, mean, stddev);
  const samples: number[] = new Array<number>(count);
  for (let i = 0; i < count; i++) {
    const v = Math.max(0, next());
    histogram.observe(v);
    samples[i] = v;
  }
  return samples;
}

/**
 * testCounter fills counter with {@link fillCounter}, then checks readValue reports exactly the
 * sum (Go kit's `TestCounter`). It rejects with a {@link TeststatError} on mismatch.
 */
export async function testCounter(
  counter: Counter,
  readValue: ValueReader,
  seed: number = defaultSeed,
): Promise<void> {
  const want = fillCounter(counter, seed);
  const have = await readValue();
  if (!closeEnough(want, have)) {
    throw new TeststatError(`counter: want ${want}, have ${have}`, want, have);
  }
}

/**
 * testGauge fills gauge with {@link fillGauge}, then checks readValue reports its last value (Go
 * kit's `TestGauge`). It rejects with a {@link TeststatError} on mismatch.
 */
export async function testGauge(
  gauge: Gauge,
  readValue: ValueReader,
  seed: number = defaultSeed,
): Promise<void> {
  const want = fillGauge(gauge, seed);
  const have = await readValue();
  if (!closeEnough(want, have)) {
    throw new TeststatError(`gauge: want ${want}, have ${have}`, want, have);
  }
}

/**
 * testHistogram fills histogram with {@link fillHistogram} (default: {@link defaultDistribution}),
 * then checks every quantile readQuantiles reports is within tolerancePercent of the
 * distribution's theoretical quantile (Go kit's `TestHistogram`). All mismatches are reported in
 * one {@link TeststatError}.
 */
export async function testHistogram(
  histogram: Histogram,
  readQuantiles: QuantilesReader,
  tolerancePercent: number,
  distribution: Partial<NormalDistribution> = {},
): Promise<void> {
  const d = { ...defaultDistribution, ...distribution };
  fillHistogram(histogram, d.count, d.mean, d.stddev, d.seed);
  const want = expectedQuantiles(d.mean, d.stddev);
  const have = await readQuantiles();
  const errors = compareQuantiles(want, have, tolerancePercent);
  if (errors.length > 0) {
    throw new TeststatError(`histogram: ${errors.join('; ')}`, want, have);
  }
}

/**
 * compareQuantiles lists, as messages, every quantile of `have` further than tolerancePercent
 * (relative to `want`) from `want`; an empty list means they agree.
 */
export function compareQuantiles(
  want: Quantiles,
  have: Quantiles,
  tolerancePercent: number,
): string[] {
  const errors: string[] = [];
  for (const key of ['p50', 'p90', 'p95', 'p99'] as const) {
    const w = want[key];
    const h = have[key];
    const off = (Math.abs(w - h) / Math.abs(w)) * 100;
    if (!Number.isFinite(h) || !(off <= tolerancePercent)) {
      errors.push(
        `${key}: want ${w.toFixed(3)}, have ${h} (${off.toFixed(2)}% off, tolerance ${tolerancePercent}%)`,
      );
    }
  }
  return errors;
}

function closeEnough(want: number, have: number): boolean {
  if (typeof have !== 'number' || Number.isNaN(have)) return false;
  return Math.abs(want - have) <= 1e-9 * Math.max(1, Math.abs(want));
}

function permutation(n: number, random: () => number): number[] {
  const out = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = out[i]!;
    out[i] = out[j]!;
    out[j] = tmp;
  }
  return out;
}
