/**
 * Reads a shell code block the way bash would, far enough to see what a reader who pastes it
 * runs: words (quotes removed), where each command ends, and the mistakes that make bash run
 * something other than what the page shows.
 */

export interface Word {
  text: string;
  line: number;
  /** An unquoted `<` or `>` inside the word: bash reads it as a redirection. */
  angle?: string;
}

export interface Command {
  words: Word[];
  line: number;
  /** Last line the command occupies. */
  endLine: number;
  /** A backslash followed by blanks before the newline: the continuation is broken there. */
  brokenContinuation?: boolean;
}

export type MistakeKind = "backslash-space" | "missing-continuation" | "unquoted-placeholder";

export interface Mistake {
  kind: MistakeKind;
  line: number;
  /** The words that run as a separate command, or the placeholder bash reads as a redirection. */
  detail: string;
}

const SEPARATORS = new Set([";", "|", "&"]);

/** Splits a block into commands. Line numbers count from `firstLine`. */
export function lexShell(text: string, firstLine: number): Command[] {
  const commands: Command[] = [];
  let words: Word[] = [];
  let word = "";
  let inWord = false;
  let angle = "";
  let line = firstLine;
  let wordLine = line;
  let commandLine = line;
  const endWord = () => {
    if (inWord) words.push({ text: word, line: wordLine, ...(angle ? { angle } : {}) });
    word = "";
    inWord = false;
    angle = "";
  };
  const endCommand = (broken = false) => {
    endWord();
    if (words.length)
      commands.push({ words, line: commandLine, endLine: line, ...(broken ? { brokenContinuation: true } : {}) });
    words = [];
  };
  const startWord = () => {
    if (!inWord) {
      inWord = true;
      wordLine = line;
      if (!words.length) commandLine = line;
    }
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\n") {
      endCommand();
      line++;
    } else if (c === "\\") {
      const next = text[i + 1];
      if (next === "\n") {
        i++;
        line++;
        continue;
      }
      const rest = /^[ \t]+\n/.exec(text.slice(i + 1));
      if (rest) {
        // `\ ` escapes the blank, and the newline after it ends the command.
        startWord();
        word += " ";
        i += rest[0].length - 1;
        endCommand(true);
        continue;
      }
      if (next === undefined) continue;
      startWord();
      word += next;
      i++;
    } else if (c === "'") {
      startWord();
      const end = text.indexOf("'", i + 1);
      const quoted = end < 0 ? text.slice(i + 1) : text.slice(i + 1, end);
      word += quoted;
      line += quoted.split("\n").length - 1;
      i = end < 0 ? text.length : end;
    } else if (c === '"') {
      startWord();
      let j = i + 1;
      for (; j < text.length && text[j] !== '"'; j++) {
        if (text[j] === "\\" && '"\\$`\n'.includes(text[j + 1] ?? "")) {
          if (text[j + 1] !== "\n") word += text[j + 1];
          else line++;
          j++;
        } else {
          if (text[j] === "\n") line++;
          word += text[j];
        }
      }
      i = j;
    } else if (c === " " || c === "\t") {
      endWord();
    } else if (c === "#" && !inWord) {
      while (i + 1 < text.length && text[i + 1] !== "\n") i++;
    } else if (SEPARATORS.has(c)) {
      endCommand();
      while (SEPARATORS.has(text[i + 1] ?? "")) i++;
    } else {
      startWord();
      if (c === "<" || c === ">") {
        const placeholder = /^<[^<>\s'"]*>?/.exec(text.slice(i))?.[0] ?? c;
        if (!angle) angle = placeholder;
      }
      word += c;
    }
  }
  endCommand();
  return commands;
}

export interface CurlCommand {
  /** The words as the page means them: a broken continuation joined back. */
  intended: Word[];
  /** The words bash hands to curl. */
  actual: Word[];
  line: number;
  mistakes: Mistake[];
}

/**
 * Every curl command of a block. A command that ends without a continuation (or with a broken
 * one) while the next line carries more options is joined back to what the page means, and
 * the break becomes a mistake.
 */
export function curlCommands(text: string, firstLine: number): CurlCommand[] {
  const commands = lexShell(text, firstLine);
  const found: CurlCommand[] = [];
  for (let i = 0; i < commands.length; i++) {
    if (commands[i].words[0]?.text !== "curl") continue;
    const first = commands[i];
    const actual = first.words.filter((w) => w.text !== " ");
    const intended = [...actual];
    const mistakes: Mistake[] = [];
    let current = first;
    while (commands[i + 1] && (current.brokenContinuation || commands[i + 1].words[0].text.startsWith("-"))) {
      const next = commands[++i];
      const kind = current.brokenContinuation ? "backslash-space" : "missing-continuation";
      mistakes.push({ kind, line: current.endLine, detail: next.words.map((w) => w.text).join(" ") });
      intended.push(...next.words.filter((w) => w.text !== " "));
      current = next;
    }
    if (current.brokenContinuation && !mistakes.some((m) => m.line === current.endLine)) {
      // A broken continuation on the last line leaves a stray blank argument behind.
      mistakes.push({ kind: "backslash-space", line: current.endLine, detail: "" });
    }
    for (const w of intended)
      if (w.angle) mistakes.push({ kind: "unquoted-placeholder", line: w.line, detail: w.angle });
    found.push({ intended, actual, line: first.line, mistakes });
  }
  return found;
}
