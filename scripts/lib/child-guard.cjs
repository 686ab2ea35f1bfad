// Runs a command as its own child, in the process group this guard leads, and ends that whole
// group when the process that asked for it is gone, however it ended (a kill -9 included, which
// no exit handler sees). Usage: node child-guard.cjs <owner-pid> <command> [args...]
"use strict";
const { spawn } = require("node:child_process");

const [ownerPid, command, ...args] = process.argv.slice(2);
const child = spawn(command, args, { stdio: "inherit" });
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
child.on("error", (error) => {
  process.stderr.write(`child-guard: cannot start ${command}: ${error.message}\n`);
  process.exit(127);
});

setInterval(() => {
  try {
    process.kill(Number(ownerPid), 0);
  } catch {
    // The owner is gone: nobody will read the answer. End the group, this guard included.
    process.kill(-process.pid, "SIGKILL");
  }
}, 500);
