import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { progress } from "../../lib/progress.ts";
import { replaceTogether } from "../../lib/transaction.ts";
import { buildGenerated, inGeneratedDir } from "../../spec/build.ts";
import { writeReports } from "../../report/write-reports.ts";
import { MOCKED_SPEC, startPrism } from "../prism.ts";
import { loadMinedCatalog, writeAccepted } from "./mined-catalog.ts";
import { observedVerdicts, runDocs, type DocsOutcome } from "./suite.ts";

/** The mock checks no token's value; this one only has to be present. */
const MOCK_TOKEN = "mock-token";

/**
 * `npm run verify -- --docs <dir> [--accept]`: regenerate, start one Prism, judge one mined
 * catalog, write reports/ and print one row per page. Exit 1 when a verdict differs from the
 * accepted one; with --accept, record the observed verdicts instead and exit 0.
 */
export async function judgeDocsCatalog(dir: string, accept: boolean): Promise<number> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  loadMinedCatalog(dir); // a bad catalog fails here, before Prism starts
  const step = progress(accept ? 6 : 5);
  const build = await buildGenerated();
  await step("generate generated/ from spec/", () => replaceTogether(process.cwd(), inGeneratedDir(build.files)));
  const prism = await step("start Prism mock", () => startPrism());
  let outcome: DocsOutcome;
  try {
    const description = JSON.parse(readFileSync(MOCKED_SPEC, "utf8"));
    outcome = await step(`judge the mined catalog ${dir}`, () =>
      runDocs({ baseUrl: prism.url, token: MOCK_TOKEN, mode: "mock", description }, [dir], true),
    );
  } finally {
    await step("stop Prism", () => prism.stop());
  }
  const durationMs = performance.now() - started;
  const version = build.description.info?.version ?? "?";
  const written = await step("write reports", () =>
    writeReports([outcome], {
      mode: "mock",
      target: "Prism mock of generated/qstash.openapi.json",
      specVersion: version,
      startedAt,
      durationMs,
    }),
  );
  process.stdout.write(
    `\ndocs\n${outcome.summary}\n\nreports: ${written.join(", ")} (${(durationMs / 1000).toFixed(1)} s)\n`,
  );
  if (accept) {
    const file = await step("accept the observed verdicts", () =>
      writeAccepted(dir, observedVerdicts(outcome, outcome.catalogs[0]), `spec version ${version}`),
    );
    process.stdout.write(`accepted ${outcome.results.length} verdicts in ${file}\n`);
    return 0;
  }
  const unexpected = outcome.results.filter((r) => !r.ok);
  if (unexpected.length) {
    process.stdout.write(
      `\n${unexpected.length} verdict(s) differ from the accepted ones — a page or the spec has moved:\n  ${unexpected.map((r) => `${r.id} observed ${r.verdict}, accepted ${r.accepted}`).join("\n  ")}\n`,
    );
    return 1;
  }
  return 0;
}
