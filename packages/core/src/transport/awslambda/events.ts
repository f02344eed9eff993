/**
 * The HTTP events Lambda receives, in the shapes AWS documents: API Gateway REST APIs (payload
 * format 1.0), HTTP APIs (format 2.0) and Application Load Balancer targets, and the results
 * each expects. Only the members svckit reads or writes are typed; the rest pass untouched.
 */

/** ApiGatewayEvent is an API Gateway REST API proxy event (payload format 1.0). */
export interface ApiGatewayEvent {
  readonly httpMethod: string;
  readonly path: string;
  readonly headers?: Readonly<Record<string, string | undefined>> | null;
  readonly multiValueHeaders?: Readonly<Record<string, readonly string[] | undefined>> | null;
  readonly queryStringParameters?: Readonly<Record<string, string | undefined>> | null;
  readonly multiValueQueryStringParameters?: Readonly<
    Record<string, readonly string[] | undefined>
  > | null;
  readonly body?: string | null;
  readonly isBase64Encoded?: boolean;
  readonly requestContext?: {
    readonly domainName?: string;
    readonly protocol?: string;
    readonly identity?: { readonly sourceIp?: string };
    readonly elb?: undefined;
  };
}

/** ApiGatewayV2Event is an API Gateway HTTP API event (payload format 2.0). */
export interface ApiGatewayV2Event {
  readonly version: '2.0';
  readonly rawPath: string;
  readonly rawQueryString?: string;
  readonly cookies?: readonly string[];
  readonly headers?: Readonly<Record<string, string | undefined>>;
  readonly body?: string;
  readonly isBase64Encoded?: boolean;
  readonly requestContext: {
    readonly domainName?: string;
    readonly http: {
      readonly method: string;
      readonly protocol?: string;
      readonly sourceIp?: string;
    };
  };
}

/** AlbEvent is an Application Load Balancer target event (multi-value headers on or off). */
export interface AlbEvent {
  readonly httpMethod: string;
  readonly path: string;
  readonly headers?: Readonly<Record<string, string | undefined>>;
  readonly multiValueHeaders?: Readonly<Record<string, readonly string[] | undefined>>;
  readonly queryStringParameters?: Readonly<Record<string, string | undefined>>;
  readonly multiValueQueryStringParameters?: Readonly<
    Record<string, readonly string[] | undefined>
  >;
  readonly body?: string;
  readonly isBase64Encoded?: boolean;
  readonly requestContext: { readonly elb: { readonly targetGroupArn?: string } };
}

/** HttpEvent is any of the three HTTP events. */
export type HttpEvent = ApiGatewayEvent | ApiGatewayV2Event | AlbEvent;

/** ApiGatewayResult is what a REST API (format 1.0) or an ALB target returns. */
export interface ApiGatewayResult {
  statusCode: number;
  /** statusDescription is ALB's status line, e.g. `200 OK`. */
  statusDescription?: string;
  headers?: Record<string, string>;
  multiValueHeaders?: Record<string, string[]>;
  body: string;
  isBase64Encoded: boolean;
}

/** ApiGatewayV2Result is what an HTTP API (format 2.0) returns. */
export interface ApiGatewayV2Result {
  statusCode: number;
  headers: Record<string, string>;
  cookies?: string[];
  body: string;
  isBase64Encoded: boolean;
}

/** HttpResult is the result of any of the three. */
export type HttpResult = ApiGatewayResult | ApiGatewayV2Result;
