import { describe, expect, test } from "vitest";
import type { SdkCapture } from "../../../scripts/captures/capture-types.ts";
import { captureGo } from "../../../scripts/captures/go-requests.ts";
import { tempDirs, writeTree } from "../../helpers/temp-dirs.ts";

const tempDir = tempDirs();
const tree = (files: Record<string, string>) => writeTree(tempDir("capture"), files);

/**
 * The Go capture reader on small SDK-shaped sources written for this test (the forms the real SDKs use:
 * a request built from literals, names set through local dicts and helpers, header families, JSON bodies),
 * so that a change to a reader is checked without the SDK checkouts.
 */

const names = (list: { name: string }[]) => list.map((n) => n.name);
const byCall = (captures: SdkCapture[], call: string) => captures.find((c) => c.call === call)!;

const GO_CLIENT = `package thing

const (
	forwardPrefix = "Upstash-Forward"
	delayHeader   = "Upstash-Delay"
	cronHeader    = "Upstash-Cron"
)

var jsonType = http.Header{"Content-Type": []string{"application/json"}}

func prepare(
	method string,
	headers map[string]string,
	delay string,
	cron string,
) http.Header {
	header := http.Header{}
	if method != "" {
		header.Set("Upstash-Method", method)
	}
	for k, v := range headers {
		k = fmt.Sprintf("%s-%s", forwardPrefix, k)
		header.Set(k, v)
	}
	if delay != "" {
		header.Set(delayHeader, delay)
	}
	if cron != "" {
		header.Set(cronHeader, cron)
	}
	return header
}
`;

const GO_API = `package thing

type Things struct{ client *Client }

type Thing struct {
	Name   string \`json:"name"\`
	Paused bool   \`json:"paused"\`
}

type SendOptions struct {
	Method  string
	Headers map[string]string
	Delay   string
}

func (o SendOptions) headers() http.Header {
	return prepare(
		o.Method,
		o.Headers,
		o.Delay,
		"",
	)
}

type ListOptions struct{ Cursor string }

func (l *ListOptions) params() url.Values {
	params := url.Values{}
	params.Set("cursor", l.Cursor)
	return params
}

func (t *Things) List(options ListOptions) error {
	opts := requestOptions{
		method: http.MethodGet,
		path:   "/v2/things",
		params: options.params(),
	}
	_, _, err := t.client.fetchWith(opts)
	return err
}

func (t *Things) Send(id string, options SendOptions) error {
	opts := requestOptions{
		method: http.MethodPost,
		path:   fmt.Sprintf("/v2/things/%s", id),
		header: options.headers(),
		body:   options.Body,
	}
	_, _, err := t.client.fetchWith(opts)
	return err
}

func (t *Things) Upsert(thing Thing) error {
	payload, err := json.Marshal(thing)
	if err != nil {
		return err
	}
	opts := requestOptions{
		method: http.MethodPut,
		path:   "/v2/things",
		body:   string(payload),
		header: jsonType,
	}
	_, _, err = t.client.fetchWith(opts)
	return err
}

func (t *Things) RemoveMany(ids []string) error {
	payload, err := json.Marshal(map[string][]string{"thingIds": ids})
	if err != nil {
		return err
	}
	opts := requestOptions{
		method: http.MethodDelete,
		path:   "/v2/things",
		body:   string(payload),
	}
	_, _, err = t.client.fetchWith(opts)
	return err
}
`;

describe("go-requests.ts", () => {
  const result = captureGo(tree({ "client.go": GO_CLIENT, "things.go": GO_API, "things_test.go": "package thing\n" }));

  test("params() of the option's type gives the query names", () => {
    expect(byCall(result.captures, "Things.List").request).toMatchObject({
      method: "GET",
      path: "/v2/things",
      query: [{ name: "cursor" }],
    });
  });

  test("headers through the shared helper, a family from a renamed key, and none whose argument is left empty", () => {
    const send = byCall(result.captures, "Things.Send");

    expect(send.request.path).toBe("/v2/things/{id}");
    expect(names(send.request.headers)).toEqual(["Upstash-Method", "Upstash-Forward-*", "Upstash-Delay"]);
    expect(send.request.body).toEqual({ kind: "raw" });
  });

  test("a marshalled struct gives its json tags, a marshalled map its keys, a header variable its names", () => {
    const upsert = byCall(result.captures, "Things.Upsert");

    expect(upsert.request.body).toMatchObject({ kind: "json", fields: [{ name: "name" }, { name: "paused" }] });
    expect(names(upsert.request.headers)).toEqual(["Content-Type"]);
    expect(byCall(result.captures, "Things.RemoveMany").request.body).toMatchObject({
      kind: "json",
      fields: [{ name: "thingIds" }],
    });
    expect(result.unresolved).toEqual([]);
  });

  test("test files are not read", () => {
    expect(result.captures.every((c) => !c.file.endsWith("_test.go"))).toBe(true);
  });
});
