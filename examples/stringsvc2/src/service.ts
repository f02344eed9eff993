/**
 * The string service of stringsvc2 (Go kit's `stringsvc2/service.go`): stringsvc1's plain code,
 * plus the {@link ServiceMiddleware} type the logging middleware has.
 */
import { EmptyStringError, stringService } from '@svckit/example-stringsvc1/dist/service.js';
import type { StringService } from '@svckit/example-stringsvc1/dist/service.js';

/** StringService, stringService and EmptyStringError (`empty string`) are stringsvc1's. */
export type { StringService };
export { EmptyStringError, stringService };

/** ServiceMiddleware decorates a {@link StringService} (Go kit's `ServiceMiddleware`). */
export type ServiceMiddleware = (next: StringService) => StringService;
