// Prism's mock, run in this thread from Prism's own libraries (the ones @stoplight/prism-cli loads),
// set up as `prism mock <spec> --errors` sets it up, answering plain request objects instead of
// sockets. Sockets are what a mock run pays most for on a small machine; the verdicts must not move,
// so every step below mirrors a named piece of the CLI or of its HTTP server (@stoplight/prism-http-
// server, server.js), and tests/scripts/contract/prism-engine.test.ts compares both on the same requests.
"use strict";
const path = require("node:path");
const Module = require("node:module");

const CLI_DIR = path.dirname(
  require.resolve("@stoplight/prism-cli/package.json", { paths: [process.cwd(), __dirname] }),
);
const fromCli = (id) => require(require.resolve(id, { paths: [CLI_DIR] }));
const HTTP_DIR = path.dirname(require.resolve("@stoplight/prism-http/package.json", { paths: [CLI_DIR] }));
const SERVER_DIR = path.dirname(require.resolve("@stoplight/prism-http-server/package.json", { paths: [CLI_DIR] }));
const fromServer = (id) => require(require.resolve(id, { paths: [SERVER_DIR] }));

/** The CLI's HTTP server caps request bodies at 10 MB (micri's limit option). */
const BODY_LIMIT = 10 * 1024 * 1024;
/** server.js: a longer sl-violations value is cut and marked. */
const MAX_SAFE_HEADER_LENGTH = 8 * 1024 - 100;
const SEVERITY = ["Error", "Warning", "Information", "Hint"];
/** Statuses Node's HTTP server sends without a body or a length. */
const NO_BODY = new Set([204, 304]);

/**
 * Loads the description and returns `handle(request) → response`, where a request is
 * `{ method, url: path and query as sent, headers: lower-case names, body: Uint8Array | null }` and a
 * response is `{ status, headers: [name, value][], body: string | null }`.
 */
async function createEngine(spec) {
  const faker = deferFaker();
  const { getHttpOperationsFromSpec, createInstance } = fromCli("@stoplight/prism-http");
  const { createLogger } = fromCli("@stoplight/prism-core");
  const { configureExtensionsUserProvided } = require(path.join(CLI_DIR, "dist/extensions.js"));
  const { createExamplePath } = require(path.join(CLI_DIR, "dist/util/paths.js"));
  const { attachTagsToParamsValues } = require(path.join(CLI_DIR, "dist/util/colorizer.js"));

  // createPrismServerWithLogger (prism-cli dist/util/createServer.js), mock mode, with --errors.
  const operations = await getHttpOperationsFromSpec(spec);
  await configureExtensionsUserProvided(spec, { fillProperties: undefined });
  if (operations.length === 0) throw new Error("No operations found in the current file.");
  const config = {
    validateRequest: true,
    validateResponse: true,
    checkSecurity: true,
    errors: true,
    upstreamProxy: undefined,
    mock: { dynamic: false, ignoreExamples: false, seed: null },
    isProxy: false,
  };
  // The CLI logs an example URL per operation at start-up, and building it is not read-only: it
  // sets `explode: true` on form-style query parameters that leave it unset, which decides how the
  // validator reads repeated parameters (label=a&label=b). Build them the same way.
  faker.standIn(() => {
    for (const operation of operations) createExamplePath(operation, attachTagsToParamsValues);
  });
  const logger = createLogger("CLI", { level: "silent" }).child({ name: "HTTP SERVER" });
  const prism = createInstance(config, { logger, route: narrowedRoute(operations) });
  const respond = responder();
  return {
    operations: operations.length,
    handle: (request) => handleRequest(request, operations, config, prism, respond),
  };
}

/**
 * Prism's router, handed only the operations whose template can match the request path. Prism scores
 * and matches every operation on every request, most of its time per request; an operation whose
 * template has another number of segments never matches (matchPath compares segment counts first),
 * and one whose literal segment differs never does either. The router keeps its own order among
 * the rest, so it picks the same operation and reports the same errors; with nothing left (a 404),
 * or a server URL to match as well, it gets the whole list.
 */
function narrowedRoute(operations) {
  const route = require(path.join(HTTP_DIR, "dist/router/index.js")).default;
  const shapes = new Map(operations.map((op) => [op, templateShape(op.path)]));
  return ({ resources, input }) => {
    const requestPath = input.url.path;
    if (input.url.baseUrl || typeof requestPath !== "string" || !requestPath.startsWith("/"))
      return route({ resources, input });
    const segments = requestPath.split("/");
    const candidates = resources.filter((resource) =>
      fits(shapes.get(resource) ?? templateShape(resource.path), segments),
    );
    return route({ resources: candidates.length > 0 ? candidates : resources, input });
  };
}

/** Per segment of a template: its literal text, or null where any segment may match (a `{parameter}`, an escape). */
function templateShape(template) {
  return template.split("/").map((segment) => (/{(.+)}/.test(segment) || segment.includes("%") ? null : segment));
}

function fits(shape, segments) {
  if (shape.length !== segments.length) return false;
  for (let i = 0; i < shape.length; i++) {
    if (shape[i] === null || shape[i] === segments[i]) continue;
    // Prism compares decoded segments; an encoded one gets the benefit of the doubt.
    if (!segments[i].includes("%")) return false;
  }
  return true;
}

/** Turns one request into the answer Prism's HTTP server writes for it (server.js `handler`). */
async function handleRequest(request, operations, config, prism, respond) {
  const reply = respond.start(request.headers);
  const { headers } = request;
  // The CLI answers a CORS preflight itself (its --cors default), before Prism sees it.
  if (request.method === "OPTIONS" && headers.origin && headers["access-control-request-method"]) {
    const method = headers["access-control-request-method"] || "GET,DELETE,HEAD,PATCH,POST,PUT,OPTIONS";
    reply.headers.set("access-control-allow-methods", method);
    reply.headers.set("vary", "origin");
    reply.headers.set("content-length", "0");
    return respond.send(reply, 204, null);
  }
  let body;
  try {
    body = parseRequestBody(request);
  } catch (error) {
    return respond.error(reply, request.headers, error);
  }
  const { searchParams, pathname } = new URL(request.url, "http://example.com");
  const input = {
    method: request.method ? request.method.toLowerCase() : "get",
    url: {
      path: pathname,
      baseUrl: searchParams.get("__server") || undefined,
      query: searchParamsToNameValues(searchParams),
    },
    headers: request.headers,
    body,
  };
  return respond.prism(reply, input, operations, config, prism);
}

function searchParamsToNameValues(searchParams) {
  const params = {};
  for (const key of searchParams.keys()) {
    const values = searchParams.getAll(key);
    params[key] = values.length === 1 ? values[0] : values;
  }
  return params;
}

/** server.js parseRequestBody, with micri's json() and text(): JSON for JSON media types, else text. */
function parseRequestBody(request) {
  const { headers } = request;
  const length = headers["content-length"];
  if (length === "0" || (headers["transfer-encoding"] === undefined && length === undefined)) return null;
  const contentType = fromServer("content-type");
  const bytes = request.body ?? new Uint8Array(0);
  if (bytes.byteLength > BODY_LIMIT) throw bodyError(413, "request_entity_too_large", "Body exceeded 10mb limit");
  const charset = contentType.parse(headers["content-type"] || "text/plain").parameters.charset;
  let text;
  try {
    text = new TextDecoder(charset ?? "utf-8").decode(bytes);
  } catch {
    throw bodyError(400, "invalid_body", "Invalid body");
  }
  if (!fromServer("type-is").is(headers["content-type"], ["application/json", "application/*+json"])) return text;
  try {
    return JSON.parse(text);
  } catch {
    throw bodyError(400, "invalid_json", "Invalid JSON");
  }
}

function bodyError(statusCode, code, message) {
  return Object.assign(new Error(message), { statusCode, code, micri: true });
}

/** The reply side of server.js and micri: headers set in the same order, the same bodies. */
function responder() {
  const { ProblemJsonError, VIOLATIONS } = fromCli("@stoplight/prism-http");
  const { getHttpConfigFromRequest } = require(path.join(SERVER_DIR, "dist/getHttpConfigFromRequest.js"));
  const { serialize } = require(path.join(SERVER_DIR, "dist/serialize.js"));
  const { merge } = fromServer("lodash/fp");
  const E = fromServer("fp-ts/Either");
  const contentType = fromServer("content-type");

  const send = (reply, status, payload) => {
    reply.status = status;
    if (payload === null || payload === undefined) {
      // Node's response, ended with no body and no header for its length, declares a length of 0.
      if (!reply.headers.has("content-length") && !NO_BODY.has(status)) reply.headers.set("content-length", "0");
      return finish(reply, null);
    }
    const text = typeof payload === "string" ? payload : JSON.stringify(payload);
    const type = typeof payload === "string" ? "text/plain; charset=utf-8" : "application/json; charset=utf-8";
    if (!reply.headers.has("content-type")) reply.headers.set("content-type", type);
    reply.headers.set("content-length", String(Buffer.byteLength(text)));
    return finish(reply, text);
  };
  const problem = (reply, error) => {
    reply.headers.set("content-type", "application/problem+json");
    setHeaders(reply, error.additional?.headers);
    return send(reply, error.status || 500, JSON.stringify(ProblemJsonError.toProblemJson(error)));
  };
  return {
    send,
    start(headers) {
      const reply = { status: 200, headers: new Map(), body: null };
      // setCommonCORSHeaders: the CLI serves with --cors on (its default).
      reply.headers.set("access-control-allow-origin", headers.origin || "*");
      reply.headers.set("access-control-allow-headers", headers["access-control-request-headers"] || "*");
      reply.headers.set("access-control-allow-credentials", "true");
      reply.headers.set("access-control-expose-headers", headers["access-control-expose-headers"] || "*");
      return reply;
    },
    /** micri's sendError for an error thrown before Prism ran (the body could not be read). */
    error(reply, headers, error) {
      let accept = "*/*";
      try {
        accept = contentType.parse(headers.accept || accept).type || "*/*";
      } catch {
        // micri keeps */* when the Accept header does not parse.
      }
      const json = accept === "*/*" || headers.accept === "application/json";
      const known = error.micri
        ? error
        : { statusCode: 500, code: "internal_server_error", message: "Internal Server Error" };
      return send(
        reply,
        known.statusCode,
        json ? { error: { code: known.code, message: known.message } } : known.message,
      );
    },
    async prism(reply, input, operations, config, prism) {
      const withPreferences = E.map((specific) => ({ ...config, mock: merge(config.mock, specific) }));
      const requestConfig = withPreferences(getHttpConfigFromRequest(input));
      if (E.isLeft(requestConfig)) return problem(reply, requestConfig.left);
      const result = await prism.request(input, operations, requestConfig.right)();
      if (E.isLeft(result)) return problem(reply, result.left);
      const { output, validations } = result.right;
      const violations = [
        ...validations.input.map(withPrefix("request")),
        ...validations.output.map(withPrefix("response")),
      ];
      if (violations.length > 0) {
        const value = JSON.stringify(violations);
        const cut = `Too many violations! ${value.substring(0, MAX_SAFE_HEADER_LENGTH)}`;
        reply.headers.set("sl-violations", value.length > MAX_SAFE_HEADER_LENGTH ? cut : value);
        const errors = violations.filter((v) => v.location[0] === "response" && v.severity === "Error");
        if (config.errors && errors.length > 0) {
          // Prism's own words (server.js): the answer must be the CLI's, byte for byte.
          const detail =
            "Your request/response is not valid and the --errors flag is set, so Prism is generating this error for you.";
          return problem(reply, ProblemJsonError.fromTemplate(VIOLATIONS, detail, { validation: errors }));
        }
      }
      try {
        setHeaders(reply, output.headers);
        return send(reply, output.statusCode, serialize(output.body, reply.headers.get("content-type")) ?? null);
      } catch (error) {
        return problem(reply, error);
      }
    },
  };
}

function withPrefix(prefix) {
  return (detail) => ({
    location: [prefix].concat(detail.path || []),
    severity: SEVERITY[detail.severity],
    code: detail.code,
    message: detail.message,
  });
}

/** reply.setHeader for each entry, as server.js does for Prism's output and error headers. */
function setHeaders(reply, headers) {
  for (const [name, value] of Object.entries(headers || {})) reply.headers.set(name.toLowerCase(), String(value));
}

function finish(reply, body) {
  return { status: reply.status, headers: [...reply.headers], body };
}

/**
 * Prism requires @faker-js/faker (every locale; most of its start-up time) when it loads, but calls
 * it only to invent values: for dynamic mocking, and for the example URLs the CLI logs at start-up.
 * The real module is loaded on first use. While the example URLs are built (for their side effect
 * only: the URLs are not logged here), a stand-in answers every faker call with a word; faker never
 * fails on those calls, so the examples succeed or fail exactly as with the real one.
 */
function deferFaker() {
  let standingIn = false;
  let loadReal = null;
  let real = null;
  const realDefault = () => {
    real ??= loadReal();
    return real.default ?? real;
  };
  const word = new Proxy(() => {}, {
    get: (_, key) => (key === Symbol.toPrimitive ? () => "word" : word),
    apply: () => "word",
  });
  // JSON Schema Faker keeps the object it is given and walks it on each use: forward each step.
  const lazyDefault = new Proxy(
    {},
    {
      get: (_, key) => (standingIn ? word : realDefault()[key]),
      has: (_, key) => key in realDefault(),
      ownKeys: () => Reflect.ownKeys(realDefault()),
      getOwnPropertyDescriptor: (_, key) => ({
        ...Reflect.getOwnPropertyDescriptor(realDefault(), key),
        configurable: true,
      }),
    },
  );
  const load = Module._load;
  if (!Module._load.fakerDeferred) {
    const hooked = function (request, parent, isMain) {
      if (request !== "@faker-js/faker") return load.call(this, request, parent, isMain);
      loadReal = () => load.call(Module, request, parent, isMain);
      return new Proxy({}, { get: (_, key) => (key === "default" ? lazyDefault : realDefault()[key]) });
    };
    hooked.fakerDeferred = true;
    Module._load = hooked;
  }
  return {
    standIn(work) {
      standingIn = true;
      try {
        work();
      } finally {
        standingIn = false;
      }
    },
  };
}

module.exports = { createEngine };
