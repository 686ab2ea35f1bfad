import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Client } from "@upstash/qstash";
import { createQStashClient } from "../../../../src/index.ts";
import { foldDestination } from "../../mock-destination.ts";
import type { Claim, WireSource } from "../catalog.ts";
import { operationOf, type CheckContext } from "../check-context.ts";
import { conclude, type CheckOutcome, type Finding } from "../outcome.ts";
import { sendRaw } from "../send.ts";

const CRON = "*/5 * * * *";

/** The official SDK's call for each operation that carries a destination. */
const SDK_CALLS: Record<string, (sdk: Client, destination: string) => Promise<unknown>> = {
  "POST /v2/publish/{destination}": (sdk, url) => sdk.publish({ url, body: "x" }),
  "POST /v2/enqueue/{queueName}/{destination}": (sdk, url) =>
    sdk.queue({ queueName: "orders" }).enqueue({ url, body: "x" }),
  "POST /v2/schedules/{scheduleId}": (sdk, destination) => sdk.schedules.create({ destination, cron: CRON, body: "x" }),
};

/**
 * How a destination travels (src/destination.ts). The claim holds when @upstash/qstash and this client put
 * the claim's request-target on the wire (both run against a recording server here), and every source with
 * an offline fixture still says what the claim quotes. Prism shows what the form means for an OpenAPI
 * router: the raw form finds no operation, the suites' folded form does.
 */
export async function wireFormConformance(claim: Claim, context: CheckContext): Promise<CheckOutcome> {
  const op = operationOf(context, claim);
  const { destination, target, sources } = claim.wire!;
  const sdkCall = SDK_CALLS[op.key];
  if (!sdkCall)
    throw new Error(
      `${claim.page.file}: claim ${claim.id}: no SDK call is known for ${op.key}; use one of ${Object.keys(SDK_CALLS).join(", ")}`,
    );
  const findings: Finding[] = [];
  const evidence: string[] = [];

  const recorder = await recordTargets();
  try {
    const sdk = new Client({ token: context.token, baseUrl: recorder.url, retry: false });
    const sdkTarget = await recorder.targetOf(() => sdkCall(sdk, destination));
    const ours = createQStashClient({ token: context.token, baseUrl: recorder.url, retry: false }) as any;
    const param = op.operation["x-qstash-destination"] as string;
    const path = Object.fromEntries(op.parameters.filter((p) => p.in === "path").map((p) => [p.name, "orders"]));
    const init = { params: { path: { ...path, [param]: destination }, header: { "Upstash-Cron": CRON } }, body: "x" };
    const ourTarget = await recorder.targetOf(() => ours.POST(op.path, init));
    evidence.push(
      `@upstash/qstash ${sdkVersion()} sends ${op.method} ${sdkTarget}`,
      `this client sends ${op.method} ${ourTarget}`,
    );
    if (sdkTarget !== target)
      findings.push({
        impact: "breaks",
        consequence: `@upstash/qstash now sends ${sdkTarget}, not ${target}: the decision in src/destination.ts needs a new look.`,
      });
    if (ourTarget !== target)
      findings.push({
        impact: "breaks",
        consequence: `this client sends ${ourTarget}, not the SDK's ${target}: a caller who switches from the SDK would be the first to try that form.`,
      });
  } finally {
    await recorder.close();
  }

  for (const source of sources) {
    const at = `${source.repository}@${source.commit.slice(0, 8)} ${source.file}:${source.line}`;
    const mismatch = source.fixture ? fixtureMismatch(source) : undefined;
    if (mismatch) findings.push({ impact: "misleads", consequence: `${at}: ${mismatch}` });
    evidence.push(`${at}: ${source.fact}${source.fixture ? ` (checked against ${source.fixture})` : ""}`);
  }

  const headers = { "Content-Type": "text/plain", "Upstash-Cron": CRON };
  const raw = await sendRaw(context, { method: op.method, target, headers, body: "x" });
  const url = foldDestination(context.description, op.method, new URL(target, "http://mock"));
  const folded = await sendRaw(context, { method: op.method, target: url.pathname + url.search, headers, body: "x" });
  const segments = target.split("?")[0].split("/").length - op.path.split("/").length + 1;
  evidence.push(
    `Prism, an OpenAPI router, answers the raw form ${raw.status}: its {${op.operation["x-qstash-destination"]}} matches one path segment, and the raw destination spans ${segments} segments and the query`,
    `folded into one encoded segment, as the suites send it to the mock (scripts/contract/mock-destination.ts): ${folded.status}`,
  );
  if (folded.status < 200 || folded.status > 299)
    findings.push({
      impact: "breaks",
      consequence: `the mock answers the folded form ${folded.status}: the suites cannot check destinations.`,
    });
  const note =
    "A router or gateway that follows the OpenAPI template cannot route the raw form: it needs a rule that takes the path's tail, and the query less QStash's own keys, as one destination.";
  return conclude(findings, evidence, note);
}

/** Why a fixture no longer says what the source claims, or undefined when it does. */
function fixtureMismatch(source: WireSource): string | undefined {
  const fixture = JSON.parse(readFileSync(source.fixture!, "utf8"));
  if (fixture.commit !== source.commit) return `${source.fixture} was read at ${fixture.commit}, not ${source.commit}`;
  const capture = fixture.captures.find((c: any) => c.file === source.file && c.line === source.line && c.request);
  if (!capture) return `${source.fixture} has no request at ${source.file}:${source.line}`;
  // The destination is the template's last placeholder, a bare name: the SDK puts the value in as it is.
  if (!/\/\{[\w.]+\}$/.test(capture.request.path)) return `${source.fixture} shows ${capture.request.path} there`;
  return undefined;
}

function sdkVersion(): string {
  return JSON.parse(readFileSync("node_modules/@upstash/qstash/package.json", "utf8")).version;
}

/** A server on 127.0.0.1 that answers every request 200 and keeps its request-target (method aside). */
async function recordTargets() {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(req.url ?? "");
    req.resume().on("end", () => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"messageId":"msg_1","scheduleId":"scd_1"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async targetOf(send: () => Promise<unknown>): Promise<string> {
      seen.length = 0;
      await send();
      if (seen.length !== 1) throw new Error(`expected one request, the recording server saw ${seen.length}`);
      return seen[0];
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
