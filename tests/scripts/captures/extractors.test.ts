import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { capturePython } from "../../../scripts/captures/capture-sdks.ts";
import { captureGo } from "../../../scripts/captures/go-requests.ts";
import type { SdkCapture } from "../../../scripts/captures/capture-types.ts";
import { tempDirs } from "../../helpers/temp-dirs.ts";

const tempDir = tempDirs();

/**
 * The capture readers on small SDK-shaped sources written for this test (the forms the real SDKs use:
 * a request built from literals, names set through local dicts and helpers, header families, JSON bodies),
 * so that a change to a reader is checked without the SDK checkouts.
 */

function tree(files: Record<string, string>): string {
  const root = tempDir("capture");
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const names = (list: { name: string }[]) => list.map((n) => n.name);
const byCall = (captures: SdkCapture[], call: string) => captures.find((c) => c.call === call)!;

const PY_HELPERS = `
import json

def build_params(cursor, label):
    params = {}
    if cursor is not None:
        params["cursor"] = cursor
    params["label"] = label
    return params

def build_headers(forward, delay):
    h = {"Content-Type": "text/plain"}
    for k, v in forward.items():
        k = f"Upstash-Forward-{k}"
        h[k] = v
    if delay is not None:
        h["Upstash-Delay"] = delay
    return h
`;

const PY_API = `
import json
from qstash.helpers import build_params, build_headers

class ThingApi:
    def __init__(self, http):
        self._http = http

    def list(self, cursor=None, label=None):
        params = build_params(cursor, label)
        return self._http.request(path="/v2/things", method="GET", params=params)

    def send(self, thing_id, body, forward, delay=None):
        return self._http.request(path=f"/v2/things/{thing_id}", method="POST", headers=build_headers(forward, delay), body=body)

    def remove_many(self, ids):
        body = json.dumps({"thingIds": ids})
        return self._http.request(path="/v2/things", method="DELETE", headers={"Content-Type": "application/json"}, body=body)

    def send_json(self, thing_id, value, forward):
        return self.send(thing_id, json.dumps(value), forward)

    def _private(self):
        return self._http.request(path="/v2/hidden", method="GET")
`;

describe("python-requests.py", () => {
  const root = tree({
    "qstash/client.py":
      "from qstash.things import ThingApi\n\nclass QStash:\n    def __init__(self, http):\n        self.things = ThingApi(http)\n",
    "qstash/helpers.py": PY_HELPERS,
    "qstash/things.py": PY_API,
    "qstash/asyncio/things.py": PY_API.replace("class ThingApi", "class AsyncThingApi")
      .replace("return self._http", "return await self._http")
      .replace("    def ", "    async def "),
  });
  const result = capturePython(root);

  test("names come through local dicts and helpers imported from a sibling module, each with its line", () => {
    const list = byCall(result.captures, "things.list");

    expect(list.request).toMatchObject({ method: "GET", path: "/v2/things", body: { kind: "none" } });
    expect(names(list.request.query)).toEqual(["cursor", "label"]);
    expect(list.request.query[0]).toEqual({ name: "cursor", line: 7, file: "qstash/helpers.py" });
  });

  test("a renamed loop key becomes a header family, a payload argument a raw body", () => {
    const send = byCall(result.captures, "things.send");

    expect(send.request.path).toBe("/v2/things/{thing_id}");
    expect(names(send.request.headers)).toEqual(["Content-Type", "Upstash-Forward-*", "Upstash-Delay"]);
    expect(send.request.body).toEqual({ kind: "raw" });
  });

  test("json.dumps of a dict gives the body's field names", () => {
    expect(byCall(result.captures, "things.remove_many").request.body).toMatchObject({
      kind: "json",
      fields: [{ name: "thingIds" }],
    });
  });

  test("a method that hands over to a sibling is captured with the sibling's request; private ones are not", () => {
    const json = byCall(result.captures, "things.send_json");

    expect(json.delegatesTo).toBe("send");
    expect(json.request.method).toBe("POST");
    expect(result.captures.some((c) => c.method === "_private")).toBe(false);
    expect(result.unresolved).toEqual([]);
  });

  test("the asyncio classes are compared with the sync ones", () => {
    expect(result.asyncioMirrorsSync).toEqual({ same: 4, differ: [], onlySync: [], onlyAsync: [] });
  });
});

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
