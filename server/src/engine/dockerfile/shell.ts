// A small shell tokenizer for RUN bodies: words with their source offsets, split into simple commands on
// `| || && ; &` and newlines. It understands quotes, `$(…)`, backticks, comments, and Dockerfile line
// continuations (escape char + newline, with comment lines inside a continuation dropped, as BuildKit does).
// It is not a shell parser: the security rules only need "which program runs with which words, piped into what".

export interface Word {
  /** The word with quotes removed. */
  value: string;
  start: number;
  end: number;
}

export type Joiner = '' | '|' | '||' | '&&' | ';' | '&' | '\n' | '(' | ')';

export interface Command {
  words: Word[];
  /** The operator between the previous command and this one ('' for the first). */
  joinedBy: Joiner;
}

/** Tokenizes `text[start, end)` into simple commands. Offsets in the result are offsets in `text`. */
export function shellCommands(text: string, start: number, end: number, escape = '\\'): Command[] {
  const commands: Command[] = [];
  let current: Command = { words: [], joinedBy: '' };
  let word: Word | undefined;
  let i = start;

  const endWord = () => {
    if (word) current.words.push(word);
    word = undefined;
  };
  const endCommand = (op: Joiner) => {
    endWord();
    if (current.words.length) commands.push(current);
    current = { words: [], joinedBy: op };
  };
  const append = (chars: string, from: number, to: number) => {
    if (!word) word = { value: '', start: from, end: to };
    word.value += chars;
    word.end = to;
  };
  /** Length of an escape+newline continuation at `p` (0 when there is none). */
  const continuation = (p: number): number => {
    if (text[p] !== escape) return 0;
    let q = p + 1;
    while (q < end && (text[q] === ' ' || text[q] === '\t')) q++;
    if (text[q] === '\r' && text[q + 1] === '\n') return q + 2 - p;
    if (text[q] === '\n' || text[q] === '\r') return q + 1 - p;
    return 0;
  };
  /** After a continuation, whole comment lines (and blank lines) are not part of the instruction. */
  const skipContinuedComments = (p: number): number => {
    for (;;) {
      let q = p;
      while (q < end && (text[q] === ' ' || text[q] === '\t')) q++;
      if (text[q] === '#' || text[q] === '\n' || text[q] === '\r') {
        while (q < end && text[q] !== '\n') q++;
        p = q + 1;
        if (p >= end) return end;
      } else return p;
    }
  };
  /** End of a `$(…)`, `<(…)` or backtick span starting at `p`, keeping nested parentheses and quotes. */
  const skipSubstitution = (p: number): number => {
    if (text[p] === '`') {
      let q = p + 1;
      while (q < end && text[q] !== '`') q += text[q] === '\\' ? 2 : 1;
      return Math.min(q + 1, end);
    }
    let depth = 0;
    let q = p + 1;
    for (; q < end; q++) {
      const c = text[q];
      if (c === '(') depth++;
      else if (c === ')' && --depth === 0) return q + 1;
      else if (c === "'" || c === '"') {
        const close = text.indexOf(c, q + 1);
        if (close < 0 || close >= end) return end;
        q = close;
      }
    }
    return end;
  };

  while (i < end) {
    const c = text[i];
    const cont = continuation(i);
    if (cont) {
      i = skipContinuedComments(i + cont);
      continue;
    }
    if (c === ' ' || c === '\t') {
      endWord();
      i++;
    } else if (c === '\n' || c === '\r') {
      endCommand('\n');
      i++;
    } else if (c === '#' && !word) {
      while (i < end && text[i] !== '\n') i++;
    } else if (c === "'" || c === '"') {
      const from = i;
      let value = '';
      i++;
      while (i < end && text[i] !== c) {
        if (c === '"' && text[i] === '\\' && i + 1 < end && '"\\$`'.includes(text[i + 1])) i++;
        value += text[i];
        i++;
      }
      i = Math.min(i + 1, end);
      append(value, from, i);
    } else if ((c === '$' || c === '<' || c === '>') && text[i + 1] === '(') {
      const to = skipSubstitution(i + 1);
      append(text.slice(i, to), i, to);
      i = to;
    } else if (c === '`') {
      const to = skipSubstitution(i);
      append(text.slice(i, to), i, to);
      i = to;
    } else if (c === '|' || c === ';' || c === '(' || c === ')') {
      const two = text.slice(i, i + 2);
      const op: Joiner = two === '||' ? '||' : c === '|' ? '|' : (c as Joiner);
      endCommand(op);
      i += op.length === 2 || two === '|&' ? 2 : 1;
    } else if (c === '&') {
      const prev = word?.value.at(-1);
      if (prev === '>' || prev === '<' || text[i + 1] === '>') {
        append(c, i, i + 1); // a redirection such as 2>&1 or &>file
        i++;
      } else {
        const op: Joiner = text[i + 1] === '&' ? '&&' : '&';
        endCommand(op);
        i += op.length;
      }
    } else if (c === '\\' && escape !== '\\' && i + 1 < end) {
      append(text[i + 1], i, i + 2);
      i += 2;
    } else if (c === '\\' && i + 1 < end && text[i + 1] !== '\n' && text[i + 1] !== '\r') {
      append(text[i + 1], i, i + 2);
      i += 2;
    } else {
      append(c, i, i + 1);
      i++;
    }
  }
  endCommand('');
  return commands;
}

/** The program a command runs, skipping `VAR=value` prefixes, and its index in `words`. */
export function programOf(cmd: Command): { name: string; index: number } | undefined {
  let k = 0;
  while (k < cmd.words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(cmd.words[k].value)) k++;
  const w = cmd.words[k];
  if (!w) return undefined;
  return { name: w.value.split('/').pop() ?? w.value, index: k };
}
