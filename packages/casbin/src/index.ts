/**
 * @module @svckit/casbin
 *
 * Authorization with casbin (Go kit's `auth/casbin`): {@link enforce} is an endpoint
 * middleware asking a casbin enforcer whether the caller (by default the principal that
 * `@svckit/core/auth/basic` or `@svckit/jwt` authenticated) may do the action to the object,
 * denying by default with `permission_denied`. {@link enforcerFromText} builds an enforcer
 * from a model and a policy in memory; any casbin adapter works through casbin's own
 * `newEnforcer`.
 */
export type { EnforceOptions } from './enforce.js';
export { enforce, enforcerFromText } from './enforce.js';
