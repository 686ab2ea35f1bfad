import { describe, expect, test } from "vitest";
import { applyOverlay } from "../../../scripts/spec/apply-overlay.ts";
import { loadYaml } from "../../../scripts/spec/load-yaml.ts";

describe("corrections", () => {
  test("are anchored to the route, not to what a path parameter is called: an upstream rename keeps them applying", () => {
    const overlay = loadYaml(
      "o.yaml",
      "overlay: 1.0.0\nactions:\n  - target: $.paths['/v2/dlq/{dlqId}'].get.parameters[?(@.name == 'dlqId' || @.in == 'query')]\n    description: a reason\n    update: { description: ours }\n",
    );
    const renamed = {
      paths: {
        "/v2/dlq/{id}": {
          get: {
            parameters: [
              { name: "x", in: "query" },
              { name: "id", in: "path" },
            ],
          },
        },
      },
    };
    expect(applyOverlay(renamed, overlay)).toHaveLength(1);
    expect(renamed.paths["/v2/dlq/{id}"].get.parameters).toEqual([
      { name: "x", in: "query", description: "ours" },
      { name: "id", in: "path" },
    ]);
  });
});
