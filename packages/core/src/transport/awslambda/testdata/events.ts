/**
 * Event fixtures in the shapes AWS documents (the examples of "Working with AWS Lambda proxy
 * integrations for HTTP APIs", "Input format of a Lambda function for proxy integration" and
 * "Using Lambda functions as targets of an Application Load Balancer"), with the values of
 * those examples.
 */
import type { AlbEvent, ApiGatewayEvent, ApiGatewayV2Event } from '../events.js';

/** restEvent is an API Gateway REST API proxy event (payload format 1.0). */
export const restEvent: ApiGatewayEvent & Record<string, unknown> = {
  resource: '/my/path',
  path: '/my/path',
  httpMethod: 'POST',
  headers: { header1: 'value1', header2: 'value2', 'Content-Type': 'text/plain' },
  multiValueHeaders: {
    header1: ['value1'],
    header2: ['value1', 'value2'],
    'Content-Type': ['text/plain'],
  },
  queryStringParameters: { parameter1: 'value1', parameter2: 'value' },
  multiValueQueryStringParameters: { parameter1: ['value1', 'value2'], parameter2: ['value'] },
  requestContext: {
    accountId: '123456789012',
    apiId: 'id',
    authorizer: { claims: null, scopes: null },
    domainName: 'id.execute-api.us-east-1.amazonaws.com',
    domainPrefix: 'id',
    extendedRequestId: 'request-id',
    httpMethod: 'POST',
    identity: {
      accessKey: null,
      accountId: null,
      caller: null,
      cognitoAuthenticationProvider: null,
      cognitoAuthenticationType: null,
      cognitoIdentityId: null,
      cognitoIdentityPoolId: null,
      principalOrgId: null,
      sourceIp: '192.0.2.1',
      user: null,
      userAgent: 'user-agent',
      userArn: null,
    },
    path: '/my/path',
    protocol: 'HTTP/1.1',
    requestId: 'id=',
    requestTime: '04/Mar/2020:19:15:17 +0000',
    requestTimeEpoch: 1583349317135,
    resourceId: null,
    resourcePath: '/my/path',
    stage: '$default',
  } as NonNullable<ApiGatewayEvent['requestContext']>,
  pathParameters: null,
  stageVariables: null,
  body: 'Hello from Lambda!',
  isBase64Encoded: false,
};

/** httpApiEvent is an API Gateway HTTP API event (payload format 2.0). */
export const httpApiEvent: ApiGatewayV2Event & Record<string, unknown> = {
  version: '2.0',
  routeKey: '$default',
  rawPath: '/my/path',
  rawQueryString: 'parameter1=value1&parameter1=value2&parameter2=value',
  cookies: ['cookie1=a', 'cookie2=b'],
  headers: { header1: 'value1', header2: 'value1,value2', 'content-type': 'text/plain' },
  queryStringParameters: { parameter1: 'value1,value2', parameter2: 'value' },
  requestContext: {
    accountId: '123456789012',
    apiId: 'api-id',
    domainName: 'id.execute-api.us-east-1.amazonaws.com',
    domainPrefix: 'id',
    http: {
      method: 'POST',
      path: '/my/path',
      protocol: 'HTTP/1.1',
      sourceIp: '192.0.2.1',
      userAgent: 'agent',
    },
    requestId: 'id',
    routeKey: '$default',
    stage: '$default',
    time: '12/Mar/2020:19:03:58 +0000',
    timeEpoch: 1583348638390,
  } as ApiGatewayV2Event['requestContext'],
  body: 'Hello from Lambda',
  pathParameters: { parameter1: 'value1' },
  isBase64Encoded: false,
  stageVariables: { stageVariable1: 'value1', stageVariable2: 'value2' },
};

/** albEvent is an Application Load Balancer target event, multi-value headers off. */
export const albEvent: AlbEvent & Record<string, unknown> = {
  requestContext: {
    elb: {
      targetGroupArn:
        'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/lambda-279XGJDqGZ5rsrHC2Fjr/49e9d65c45c6791a',
    },
  },
  httpMethod: 'GET',
  path: '/lambda',
  queryStringParameters: { query: '1234ABCD' },
  headers: {
    accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,image/webp,image/apng,*/*;q=0.8',
    'accept-encoding': 'gzip',
    'accept-language': 'en-US,en;q=0.9',
    connection: 'keep-alive',
    host: 'lambda-alb-123578498.us-east-1.elb.amazonaws.com',
    'upgrade-insecure-requests': '1',
    'user-agent':
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/71.0.3578.98 Safari/537.36',
    'x-amzn-trace-id': 'Root=1-5c536348-3d683b8b04734faae651f476',
    'x-forwarded-for': '72.12.164.125',
    'x-forwarded-port': '80',
    'x-forwarded-proto': 'http',
    'x-imforwards': '20',
  },
  body: '',
  isBase64Encoded: false,
};

/** albMultiEvent is the same target with multi-value headers on. */
export const albMultiEvent: AlbEvent & Record<string, unknown> = {
  requestContext: albEvent.requestContext,
  httpMethod: 'GET',
  path: '/lambda',
  multiValueQueryStringParameters: { query: ['1234ABCD', 'x%20y'] },
  multiValueHeaders: {
    host: ['lambda-alb-123578498.us-east-1.elb.amazonaws.com'],
    'x-forwarded-for': ['72.12.164.125'],
    'x-forwarded-proto': ['http'],
    cookie: ['a=1', 'b=2'],
  },
  body: '',
  isBase64Encoded: false,
};
