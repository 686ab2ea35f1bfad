import { describe, expectTypeOf, test } from "vitest";
import type { Duration, FlowControlValue, operations } from "../../../generated/schema.ts";
import { createQStashClient } from "../../../src/index.ts";

// Issue 23: header values with a documented wire format are typed by it (scripts/spec/wire-formats.ts).

const client = createQStashClient({ token: "t" });
const destination = { destination: "https://example.com" };

describe("Duration headers", () => {
  test("every form the docs and the SDKs show compiles", () => {
    void client.POST("/v2/publish/{destination}", {
      params: { path: destination, header: { "Upstash-Delay": "50s", "Upstash-Timeout": "2m" } },
      body: "x",
    });
    void client.POST("/v2/publish/{destination}", {
      params: { path: destination, header: { "Upstash-Delay": "1d10h30m", "Upstash-Timeout": "1d1h30m" } },
      body: "x",
    });
    void client.POST("/v2/schedules/{scheduleId}", {
      params: { path: { scheduleId: "s" }, header: { "Upstash-Cron": "* * * * *", "Upstash-Delay": "7d" } },
      body: "x",
    });
  });

  test("a bare number fails to compile", () => {
    void client.POST("/v2/publish/{destination}", {
      // @ts-expect-error: a timeout needs its unit ("30s")
      params: { path: destination, header: { "Upstash-Timeout": "30" } },
      body: "x",
    });
    void client.POST("/v2/enqueue/{queueName}/{destination}", {
      // @ts-expect-error: a timeout needs its unit ("5m")
      params: { path: { queueName: "q", ...destination }, header: { "Upstash-Timeout": "300" } },
      body: "x",
    });
  });

  test("a space, a fraction, a word or units out of order fail to compile", () => {
    // @ts-expect-error: no space before the unit
    const spaced: Duration = "30 s";
    // @ts-expect-error: whole numbers only
    const fraction: Duration = "1.5h";
    // @ts-expect-error: s, m, h or d
    const word: Duration = "30sec";
    // @ts-expect-error: the largest unit first
    const reversed: Duration = "30m1h";
    void [spaced, fraction, word, reversed];
  });

  test("a value not known at compile time must be narrowed first", () => {
    const fromConfig: string = "30s";
    // @ts-expect-error: any string is not a Duration
    const unchecked: Duration = fromConfig;
    void unchecked;
    expectTypeOf<NonNullable<operations["publishMessage"]["parameters"]["header"]>>()
      .toHaveProperty("Upstash-Delay")
      .toEqualTypeOf<Duration | undefined>();
  });
});

describe("Upstash-Flow-Control-Value", () => {
  test("the docs' and the SDKs' forms compile", () => {
    void client.POST("/v2/trigger/{workflowUrl}", {
      params: {
        path: { workflowUrl: "https://example.com/wf" },
        header: { "Upstash-Flow-Control-Key": "k", "Upstash-Flow-Control-Value": "parallelism=5,rate=10,period=1m" },
      },
    });
    const sdk: FlowControlValue = "parallelism=2, rate=10, period=60s";
    const reordered: FlowControlValue = "rate=10,parallelism=20,period=1m";
    const one: FlowControlValue = "parallelism=10";
    void [sdk, reordered, one];
  });

  test("other spellings fail to compile", () => {
    // @ts-expect-error: key=value, not key: value
    const colon: FlowControlValue = "parallelism: 5";
    // @ts-expect-error: a period needs its unit
    const bare: FlowControlValue = "rate=10, period=60";
    // @ts-expect-error: no such setting
    const unknown: FlowControlValue = "burst=3";
    // @ts-expect-error: each setting once
    const twice: FlowControlValue = "rate=1,rate=2";
    void [colon, bare, unknown, twice];
  });
});
