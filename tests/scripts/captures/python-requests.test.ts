import { describe, expect, test } from "vitest";
import { capturePython } from "../../../scripts/captures/capture-sdks.ts";
import type { SdkCapture } from "../../../scripts/captures/capture-types.ts";
import { tempDirs, writeTree } from "../../helpers/temp-dirs.ts";

const tempDir = tempDirs();
const tree = (files: Record<string, string>) => writeTree(tempDir("capture"), files);

/**
 * The Python capture reader on small SDK-shaped sources written for this test (the forms the real SDKs use:
 * a request built from literals, names set through local dicts and helpers, header families, JSON bodies),
 * so that a change to a reader is checked without the SDK checkouts.
 */

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
