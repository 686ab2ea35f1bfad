/**
 * Destinations and the request-target each puts on the wire: raw, as the official SDKs send them
 * (what tests/src/destination.test.ts checks against @upstash/qstash), for the client's tests and
 * the suites' fold and unfold of the same form.
 */
export const ON_THE_WIRE: [destination: string, target: string][] = [
  ["my-url-group_1.v2", "/v2/publish/my-url-group_1.v2"],
  ["https://example.com", "/v2/publish/https://example.com"],
  ["https://example.com/hooks/a/b", "/v2/publish/https://example.com/hooks/a/b"],
  ["http://127.0.0.1:8443/api/qstash", "/v2/publish/http://127.0.0.1:8443/api/qstash"],
  ["https://example.com/x?a=1&b=two&list=1,2", "/v2/publish/https://example.com/x?a=1&b=two&list=1,2"],
  ["https://example.com/café/ü?q=ü", "/v2/publish/https://example.com/caf%C3%A9/%C3%BC?q=%C3%BC"],
  ["https://example.com/100%25/a b?p=50%&s=a%2Fb", "/v2/publish/https://example.com/100%25/a%20b?p=50%&s=a%2Fb"],
];
