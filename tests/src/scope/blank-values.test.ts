import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { cancelMessages, createQStashClient, QStashGuardError } from "../../../src/index.ts";
import { json, startLocalServer } from "../../helpers/local-server.ts";
import {
  BLANK_CHARS,
  BULK_OPERATIONS,
  everythingCall,
  expectRefused as refused,
  outcomeOf as outcome,
  pathValues,
  UNDER_BULK,
  type SpecOperation,
} from "../../helpers/spec-server.ts";

// Issue 10, class 2: ids and filter values that are blank (white space of any kind, invisible
// characters, lists of only such values) name nothing: the call is as unscoped as one without them.

let server: Awaited<ReturnType<typeof startLocalServer>>;
beforeAll(async () => {
  server = await startLocalServer();
  server.handle((_r, res) => json(res, 200, { cancelled: 0 }));
});
afterAll(() => server.close());

const client = () => createQStashClient({ token: "blank-scope-token", baseUrl: server.url, retry: false }) as any;
const shown = (value: string) => JSON.stringify(value);
const expectRefused = (run: () => Promise<unknown>) => refused(server.received, run);
const outcomeOf = (run: () => Promise<unknown>) => outcome(server.received, run);

const call = (op: SpecOperation, query: Record<string, unknown>) => () =>
  client()[op.method](op.path, { params: { path: pathValues(op), query } });
const everyFilter = (op: SpecOperation, value: unknown) => Object.fromEntries(op.bulk!.filters.map((f) => [f, value]));

describe.each(BULK_OPERATIONS)("$method $path", (op) => {
  const names = [op.bulk!.ids, ...op.bulk!.filters];

  test.each(BLANK_CHARS.map((c) => [shown(c), c]))("ids [%s] are refused", async (_shown, blank) => {
    await expectRefused(call(op, { [op.bulk!.ids]: [blank] }));
  });

  test.each(BLANK_CHARS.map((c) => [shown(c), c]))("every filter = %s is refused", async (_shown, blank) => {
    await expectRefused(call(op, everyFilter(op, blank)));
  });

  test.each(names)("%s as a list of only blank values is refused", async (name) => {
    await expectRefused(call(op, { [name]: [" ", "\u00a0\t", "\u3000", "\u200b", ""] }));
  });

  test("blank ids and blank filters together are refused", async () => {
    await expectRefused(call(op, { [op.bulk!.ids]: ["\u0085", " "], ...everyFilter(op, ["\t", "\ufeff"]) }));
  });

  // The other side of the rule: blanks around a real value, or beside it, take nothing away.
  test.each(names)('%s = " x " still goes out', async (name) => {
    const { error, reached } = await outcomeOf(call(op, { [name]: name.endsWith("Date") ? " 1 " : [" x "] }));
    expect(error).toBeUndefined();
    expect(reached).toHaveLength(1);
    expect(everythingCall(reached[0]!.method, reached[0]!.url)).toBeUndefined();
  });

  // A server that reads one value of a repeated parameter may read the blank one (src/scope.ts).
  test("an id list with a blank among real ids is refused", async () => {
    const { error, reached } = await outcomeOf(call(op, { [op.bulk!.ids]: [" ", "id-1"] }));
    expect(error).toBeInstanceOf(QStashGuardError);
    expect(reached).toHaveLength(0);
  });
});

describe("cancelMessages", () => {
  const cancel = BULK_OPERATIONS.find((op) => op.id === "bulkCancelMessages")!;

  test.each(BLANK_CHARS.map((c) => [shown(c), c]))("every filter = %s is refused", async (_shown, blank) => {
    await expectRefused(() => cancelMessages(client(), everyFilter(cancel, [blank]) as never));
  });

  test.each(cancel.bulk!.filters)("%s as a list of only blank values is refused", async (name) => {
    await expectRefused(() => cancelMessages(client(), { [name]: [" ", "\u2028"] } as never));
  });
});

// A boolean query parameter (workflowUrlExactMatch; async once the spec has it) changes how a call
// matches or runs, and names nothing: alone, or beside blank filters, it leaves the call unscoped.
describe.each(BULK_OPERATIONS.filter((op) => op.bulk!.booleans.length))("booleans of $method $path", (op) => {
  test.each(op.bulk!.booleans.flatMap((name) => [true, false, "true"].map((value) => [name, value])))(
    "%s = %j alone is refused",
    async (name, value) => {
      await expectRefused(call(op, { [name as string]: value }));
    },
  );

  test("every boolean set, beside blank filters, is refused", async () => {
    await expectRefused(
      call(op, { ...everyFilter(op, [" "]), ...Object.fromEntries(op.bulk!.booleans.map((b) => [b, true])) }),
    );
  });
});

describe.each(UNDER_BULK)("path ids of $method $path", (op) => {
  test.each(
    op.pathParams.flatMap((name) =>
      [" ", "\t", "\u00a0", "\u0085", "\u200b", "\u3000"].map((b) => [name, shown(b), b]),
    ),
  )("%s = %s is refused", async (name, _shown, blank) => {
    await expectRefused(() => client()[op.method](op.path, { params: { path: { ...pathValues(op), [name]: blank } } }));
  });
});
