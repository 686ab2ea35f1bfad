/**
 * A run that replaces files under a root and commits, for tests that kill it at a pause point
 * (QSTASH_PAUSE_AT): `node --import tsx transaction-child.ts <root> <file>=<content>…`.
 */
import { Transaction } from "../../scripts/lib/transaction.ts";

const [root, ...pairs] = process.argv.slice(2);
const files = Object.fromEntries(
  pairs.map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)]),
);
const transaction = Transaction.begin(root);
transaction.replace(files);
transaction.commit();
