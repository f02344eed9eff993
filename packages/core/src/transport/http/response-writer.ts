import type { HeaderMap } from '../capabilities.js';

/**
 * ResponseWriter is what encoders, error encoders and after hooks write the response through
 * (Go's `http.ResponseWriter`), under both the Node and the Fetch face. The response is sent
 * by {@link ResponseWriter.end}; headers and status may be changed until then. Header names
 * are case-insensitive and stored lower-cased; multi-valued headers keep every value in order.
 */
export interface ResponseWriter {
  /** statusCode is the status that is or will be sent; 200 until changed. */
  readonly statusCode: number;
  /** ended is true once {@link ResponseWriter.end} was called. */
  readonly ended: boolean;
  /** bytesWritten is the size of the body given to {@link ResponseWriter.end}, in bytes. */
  readonly bytesWritten: number;
  /** setHeader sets a header, replacing any value it had. */
  setHeader(name: string, value: string | readonly string[]): void;
  /** addHeader adds one value to a header, keeping the values it had (Go's `Header().Add`). */
  addHeader(name: string, value: string): void;
  /** getHeader returns a header's value(s), or undefined. */
  getHeader(name: string): string | readonly string[] | undefined;
  /** headers returns a snapshot of the response headers (lower-cased names). */
  headers(): HeaderMap;
  /** writeHead sets the status code (Go's `WriteHeader`); ignored after `end`. */
  writeHead(statusCode: number): void;
  /** end sends the status, the headers and body; calls after the first are ignored. */
  end(body?: string | Uint8Array): void;
}
