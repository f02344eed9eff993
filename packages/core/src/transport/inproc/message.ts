/**
 * Message is what travels over the in-process transport, both ways: headers (lower-case names)
 * and a payload. The transport copies both on every hop (`structuredClone`), as a wire would:
 * the server never shares an object with its caller.
 */
export interface Message {
  /** headers are the message's headers, lower-case names. */
  headers: Record<string, string>;
  /** payload is the message body: any value `structuredClone` accepts. */
  payload: unknown;
}

/** newMessage returns an empty message. */
export function newMessage(): Message {
  return { headers: {}, payload: undefined };
}

/** copyMessage is the wire: a deep copy of headers and payload. */
export function copyMessage(message: Message): Message {
  return { headers: { ...message.headers }, payload: structuredClone(message.payload) };
}
