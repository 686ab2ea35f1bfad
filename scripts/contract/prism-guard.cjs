// Runs Prism as its own child and ends it when the process that asked for it is gone, however
// that process ended (a failed test, Ctrl-C, or a kill -9 that no exit handler sees).
// Usage: node prism-guard.cjs <owner-pid> <prism args...>
"use strict";
const { spawn } = require("node:child_process");

const [ownerPid, ...args] = process.argv.slice(2);
const bin = require.resolve("@stoplight/prism-cli/dist/index.js", { paths: [process.cwd(), __dirname] });
const prism = spawn(process.execPath, [bin, ...args], { stdio: "inherit" });

const stop = () => {
  if (prism.exitCode === null) prism.kill("SIGTERM");
  setTimeout(() => { if (prism.exitCode === null) prism.kill("SIGKILL"); process.exit(0); }, 2000).unref();
};
for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"]) process.on(signal, stop);
prism.on("exit", (code) => process.exit(code ?? 0));

setInterval(() => {
  try {
    process.kill(Number(ownerPid), 0);
  } catch {
    stop();
  }
}, 500);
