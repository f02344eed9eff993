// Reading samples back out of a prom-client registry, for the tests only.
import assert from 'node:assert/strict';
import type { Registry } from './index.js';

/** Sample is one exposed value with its labels (and its series name for histograms). */
export interface Sample {
  labels: Record<string, string | number>;
  value: number;
  metricName?: string;
}

/** samples returns every sample of the metric called name; it must be registered. */
export async function samples(registry: Registry, name: string): Promise<Sample[]> {
  const metric = registry.getSingleMetric(name);
  assert.ok(metric, `metric ${name} registered`);
  return (await metric.get()).values as Sample[];
}

/** matching returns the samples of series metricName (default name) whose labels include labels. */
export async function matching(
  registry: Registry,
  name: string,
  labels: Record<string, string> = {},
  metricName = name,
): Promise<Sample[]> {
  return (await samples(registry, name)).filter(
    (s) =>
      (s.metricName ?? name) === metricName &&
      Object.entries(labels).every(([k, v]) => String(s.labels[k]) === v),
  );
}

/** valueOf reads the first matching sample's value, undefined when none matches. */
export async function valueOf(
  registry: Registry,
  name: string,
  labels: Record<string, string> = {},
  metricName = name,
): Promise<number | undefined> {
  return (await matching(registry, name, labels, metricName))[0]?.value;
}

/** one reads the single matching sample's value and throws unless exactly one matches. */
export async function one(
  registry: Registry,
  name: string,
  labels: Record<string, string>,
  metricName = name,
): Promise<number> {
  const found = await matching(registry, name, labels, metricName);
  if (found.length !== 1) throw new Error(`${found.length} samples of ${metricName}`);
  return (found[0] as Sample).value;
}
