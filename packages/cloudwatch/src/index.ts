/**
 * @module @svckit/cloudwatch
 *
 * Amazon CloudWatch metrics for svckit (Go kit's `metrics/cloudwatch`) on the AWS SDK v3:
 * counters, gauges and histograms behind `@svckit/core/metrics`' interfaces, buffered and sent
 * with PutMetricData in batches, histogram percentiles as separate metrics, labels as dimensions.
 */
export type { CloudWatch, CloudWatchOptions, PutMetricDataClient } from './cloudwatch.js';
export { defaultPercentiles, maxBatchSize, newCloudWatch } from './cloudwatch.js';
export { cloudwatchProvider } from './provider.js';
