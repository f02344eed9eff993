/**
 * The service middleware type of stringsvc2 (Go kit's `stringsvc2/service.go`). The service
 * itself — `StringService`, `stringService`, `EmptyStringError` — is stringsvc1's, imported
 * from `@svckit/example-stringsvc1`, not copied.
 */
import type { StringService } from '@svckit/example-stringsvc1';

/** ServiceMiddleware decorates a `StringService` (Go kit's `ServiceMiddleware`). */
export type ServiceMiddleware = (next: StringService) => StringService;
