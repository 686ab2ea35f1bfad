/**
 * The GitHub Actions workflow cannot run here; this checks that what it calls exists and that
 * it is wired the way the pipeline needs (schedule, Node 20, the PR body is the change report).
 */
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";

const workflow = parse(readFileSync(".github/workflows/sync-published-spec.yml", "utf8"));
const steps: any[] = workflow.jobs.sync.steps;
const scripts = JSON.parse(readFileSync("package.json", "utf8")).scripts as Record<string, string>;

describe(".github/workflows/sync-published-spec.yml", () => {
  it("runs on a schedule and by hand", () => {
    expect(workflow.on.schedule[0].cron).toMatch(/^(\S+\s+){4}\S+$/);
    expect(workflow.on).toHaveProperty("workflow_dispatch");
  });

  it("uses Node 20 and npm ci, and every npm script it runs exists", () => {
    expect(steps.find((s) => s.uses?.startsWith("actions/setup-node@"))?.with["node-version"]).toBe(20);
    const runs = steps.map((s) => s.run).filter(Boolean) as string[];
    expect(runs).toContain("npm ci");
    for (const run of runs)
      for (const [, name] of run.matchAll(/npm run ([\w:-]+)/g))
        expect(scripts, `npm run ${name}`).toHaveProperty(name);
  });

  it("syncs from the published raw address of qstash/openapi.yaml", () => {
    expect(workflow.env.QSTASH_DESCRIPTION).toContain(
      "https://raw.githubusercontent.com/upstash/docs/main/qstash/openapi.yaml",
    );
    expect(steps.find((s) => s.id === "sync").run).toBe(
      'npm run sync -- "$QSTASH_DESCRIPTION" "$WORKFLOW_DESCRIPTION"',
    );
  });

  it("opens the pull request with the change report as its body, after the sync and the checks", () => {
    const index = steps.findIndex((s) => s.uses?.startsWith("peter-evans/create-pull-request@"));
    expect(index).toBeGreaterThan(steps.findIndex((s) => s.id === "sync"));
    expect(steps[index].with["body-path"]).toBe("reports/changes.md");
    expect(steps[index].with["add-paths"]).toContain("spec/qstash.openapi.yaml");
  });

  it("opens it only when the sync changed spec/ or generated/ (a sync of unchanged facts rewrites nothing)", () => {
    const pr = steps.find((s) => s.uses?.startsWith("peter-evans/create-pull-request@"));
    const gate = steps.find((s) => s.id === "changed");
    expect(gate.run).toBe('git diff --quiet -- spec generated || echo "changed=true" >> "$GITHUB_OUTPUT"');
    expect(steps.indexOf(gate)).toBeGreaterThan(steps.findIndex((s) => s.id === "sync"));
    expect(pr.if).toBe("steps.changed.outputs.changed == 'true'");
  });
});
