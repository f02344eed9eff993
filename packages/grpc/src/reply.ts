import { Metadata } from '@grpc/grpc-js';
import type { StatusObject, sendUnaryData } from '@grpc/grpc-js';
import type { IncomingCall } from './call-context.js';
import { isEmpty } from './metadata.js';

/**
 * Reply is what a server's flow writes for one call: header and trailer metadata (made only
 * when an `after` hook asks for them), the serialized reply message, or the error status.
 */
export class Reply {
  header: Metadata | undefined = undefined;
  trailer: Metadata | undefined = undefined;
  message: Buffer | undefined = undefined;
  status: Partial<StatusObject> | undefined = undefined;

  /** headerMetadata is the header metadata to send, made on first use. */
  headerMetadata(): Metadata {
    return (this.header ??= new Metadata());
  }

  /** trailerMetadata is the trailer metadata to send, made on first use. */
  trailerMetadata(): Metadata {
    return (this.trailer ??= new Metadata());
  }

  /** send answers the call: the status, or the message with header and trailer when set. */
  send(call: IncomingCall, callback: sendUnaryData<Buffer>): void {
    if (this.status !== undefined || this.message === undefined) {
      callback(this.status ?? { code: 13, details: 'no reply was encoded' });
      return;
    }
    const header = this.header;
    if (header !== undefined && !isEmpty(header)) call.sendMetadata(header);
    const trailer = this.trailer;
    if (trailer !== undefined && !isEmpty(trailer)) callback(null, this.message, trailer);
    else callback(null, this.message);
  }
}
