export { createQStashClient } from "../../src/index.ts";
/** Few attempts keep the Prism cases quick; the count is what the tests assert. */
export const RETRY_ATTEMPTS_FOR_TESTS = 3;
