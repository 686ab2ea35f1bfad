// One Prism mock engine in a worker thread (see prism-engine.cjs). It says "ready" once the
// description is loaded, or "failed" with Prism's own message, then answers { id, request } with
// { id, response }. A thread ends with the process that started it: no mock can outlive a run.
"use strict";
const { parentPort, workerData } = require("node:worker_threads");
const { createEngine } = require("./prism-engine.cjs");

createEngine(workerData.spec).then(
  (engine) => {
    parentPort.on("message", ({ id, request }) => {
      engine.handle(request).then(
        (response) => parentPort.postMessage({ id, response }),
        (error) => parentPort.postMessage({ id, error: String(error?.stack ?? error) }),
      );
    });
    parentPort.postMessage({ ready: true, operations: engine.operations });
  },
  (error) => parentPort.postMessage({ failed: String(error?.message ?? error) }),
);
