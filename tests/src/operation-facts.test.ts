import { expect, test } from "vitest";
import { OPERATIONS, SERVERS } from "../../generated/operations.ts";

// Each fact the client acts on, read here again from the generated operations in the plainest way:
// exactly the operations that carry it, and nothing else (no key with a null, no extra entry).
// The module is imported inside each test: a fault that breaks its evaluation then fails the test,
// where a failed static import would only fail the file, which Stryker's vitest runner does not count.
const facts = () => import("../../src/operation-facts.ts");

const LIST = Object.values(OPERATIONS) as any[];
const byRoute = (pick: (op: any) => unknown) =>
  Object.fromEntries(LIST.filter((op) => pick(op)).map((op) => [`${op.method} ${op.path}`, pick(op)]));

test("BULK: the bulk operations, with a limit only where the spec names one", async () => {
  const { BULK } = await facts();
  const want = LIST.filter((op) => op.bulk).map((op) => {
    const { ids, filters, limit } = op.bulk;
    return { method: op.method, path: op.path, ids, filters, ...(limit ? { limit } : {}) };
  });
  expect(BULK).toStrictEqual(want);
  expect(BULK.some((facts) => !("limit" in facts))).toBe(true);
});

test("FAMILIES, DESTINATIONS and PAGINATION: only the operations that have them", async () => {
  const { DESTINATIONS, FAMILIES, PAGINATION } = await facts();
  expect(FAMILIES).toStrictEqual(byRoute((op) => op.headerFamilies?.length && op.headerFamilies));
  expect(DESTINATIONS).toStrictEqual(byRoute((op) => op.destination));
  expect(PAGINATION).toStrictEqual(byRoute((op) => op.pagination && { ...op.pagination }));
  expect(Object.keys(FAMILIES).length).toBeGreaterThan(0);
  expect(Object.keys(DESTINATIONS).length).toBeGreaterThan(0);
});

test("CANCEL: the bulk cancel's facts, its async parameter and the bulk action it follows", async () => {
  const { BULK, CANCEL } = await facts();
  const cancel = OPERATIONS.bulkCancelMessages;
  expect(CANCEL).toStrictEqual({
    ...BULK.find((facts) => facts.path === cancel.path && facts.method === cancel.method),
    async: (cancel.query as readonly string[]).includes("async") ? "async" : undefined,
    follow: OPERATIONS.getBulkAction.path,
  });
  expect(CANCEL.path).toBe(cancel.path);
});

test("SERVER: the first server without variables, and the regional template with its regions", async () => {
  const { SERVER } = await facts();
  const regional = SERVERS.find((s) => Object.keys(s.variables).includes("region")) as any;
  expect(SERVER).toStrictEqual({
    url: SERVERS.find((s) => Object.keys(s.variables).length === 0)!.url,
    regional: regional.url,
    regions: regional.variables.region.enum,
  });
  expect(SERVER.url).not.toContain("{");
});
