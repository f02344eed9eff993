/**
 * @module
 * The logging example of packages/core/README.md (the region below is that code block);
 * `readme.test.ts` runs it as a program and checks what it prints.
 */
// #region logging
import { defaultCaller, defaultTimestampUTC, logfmtLogger, withContext } from '@svckit/core/log';
import * as level from '@svckit/core/log/level';

let logger = logfmtLogger(process.stdout);
logger = level.filter(logger, { allow: level.parse(process.env.LOG_LEVEL ?? 'info') });
logger = withContext(logger, 'ts', defaultTimestampUTC, 'caller', defaultCaller);

level.info(logger).log('msg', 'listening', 'addr', ':8080');
// level=info ts=2026-11-25T15:22:50.123Z caller=main.js:8 msg=listening addr=:8080
level.debug(logger).log('msg', 'not written: costs one empty call');
logger.log('a', 1, 'err', new Error('error'), 'odd');
// ts=... caller=main.js:11 a=1 err=error odd=(MISSING)
// #endregion logging
