/**
 * @module
 * The getting-started service (docs/getting-started.md, step 1): business logic as plain code,
 * no transport types. The methods of Go kit's stringsvc tutorial.
 */
// #region service
import type { Context } from '@svckit/core/context';
import { ServiceError } from '@svckit/core/errors';

/** StringService is the business logic: plain functions of a context and their input. */
export interface StringService {
  uppercase(ctx: Context, s: string): Promise<string>;
  count(ctx: Context, s: string): Promise<number>;
}

/** stringService implements it. A ServiceError's code picks the status on every transport. */
export const stringService: StringService = {
  async uppercase(_ctx, s) {
    if (s === '') throw new ServiceError('invalid_argument', 'empty string'); // HTTP 400
    return s.toUpperCase();
  },
  async count(_ctx, s) {
    return s.length;
  },
};
// #endregion service
