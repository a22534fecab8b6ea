// The interactive PartiQL prompt of `ledger shell`: reads statements (several lines each, ending
// with `;`) from a readline interface with history, runs each as its own transaction, prints the
// result as a table (or Ion text after `.ion`), and answers dot commands. A failing statement
// prints its error and the prompt goes on. Results go to `output`; the banner and errors to
// `messages`, so a piped script's output holds only results. The history file is private to its owner (created
// 0600, and an existing one tightened to 0600 before anything is added to it).
import { createInterface, type Interface } from 'node:readline';
import { appendFileSync, chmodSync, existsSync, readFileSync } from 'node:fs';
import type { Ledger } from 'nestjs-ledger';
import { formatTable, formatValue } from './output';

const HELP = [
  'Enter a PartiQL statement ending with ; (it may span lines). Each runs as its own transaction.',
  '.tables   list the tables (information_schema.user_tables)',
  '.ion      print results as Ion text        .table   print results as a table',
  '.help     this help                        .quit    leave (also .exit or end of input)',
].join('\n');

export interface ShellIo {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Where the banner and errors go (stderr), apart from results. */
  messages: NodeJS.WritableStream;
  /** Whether input is a terminal: then prompts are shown and line editing is on. */
  terminal: boolean;
  /** Where entered statements are kept across sessions (none when undefined). */
  historyFile?: string;
}

export class PartiqlShell {
  private buffer: string[] = [];
  private format: 'table' | 'ion' = 'table';
  private readonly rl: Interface;

  constructor(
    private readonly ledger: Ledger,
    private readonly io: ShellIo,
  ) {
    this.rl = createInterface({ input: io.input, output: io.output, terminal: io.terminal, history: loadHistory(io.historyFile), historySize: 1000 });
  }

  /** Runs until `.quit` or the end of input. */
  async run(): Promise<void> {
    this.tell(`Connected to ledger ${this.ledger.name} (strand ${this.ledger.strandId}). Type .help for help.`);
    this.prompt();
    for await (const line of this.rl) {
      if (!(await this.accept(line))) break;
      this.prompt();
    }
    this.rl.close();
  }

  /** Handles one line; false to stop. */
  private async accept(line: string): Promise<boolean> {
    const trimmed = line.trim();
    if (this.buffer.length === 0 && trimmed.startsWith('.')) return this.dotCommand(trimmed);
    if (trimmed === '' && this.buffer.length === 0) return true;
    this.buffer.push(line);
    if (!trimmed.endsWith(';')) return true;
    const statement = this.buffer.join('\n').trim().replace(/;\s*$/, '');
    this.buffer = [];
    this.remember(statement);
    await this.execute(statement);
    return true;
  }

  private async dotCommand(command: string): Promise<boolean> {
    switch (command) {
      case '.quit':
      case '.exit':
        return false;
      case '.help':
        this.print(HELP);
        return true;
      case '.tables':
        await this.execute('SELECT name, tableId, status FROM information_schema.user_tables');
        return true;
      case '.ion':
      case '.table':
        this.format = command === '.ion' ? 'ion' : 'table';
        return true;
      default:
        this.tell(`unknown command ${command}; type .help`);
        return true;
    }
  }

  private async execute(statement: string): Promise<void> {
    try {
      const rows = await this.ledger.query(statement);
      this.print(this.format === 'ion' ? rows.map((r) => formatValue(r, 'ion')).join('\n') || '(no values)' : formatTable(rows));
    } catch (error) {
      this.tell(`error: ${(error as Error).message}`);
    }
  }

  private prompt(): void {
    if (!this.io.terminal) return;
    this.rl.setPrompt(this.buffer.length ? '   ...> ' : 'ledger> ');
    this.rl.prompt();
  }

  private remember(statement: string): void {
    if (this.io.historyFile === undefined) return;
    try {
      if (existsSync(this.io.historyFile)) chmodSync(this.io.historyFile, 0o600);
      appendFileSync(this.io.historyFile, `${statement.replace(/\n/g, ' ')}\n`, { mode: 0o600 });
    } catch {
      // history is a convenience: an unwritable file must not stop the shell
    }
  }

  private print(text: string): void {
    this.io.output.write(`${text}\n`);
  }

  private tell(text: string): void {
    this.io.messages.write(`${text}\n`);
  }
}

/** The saved statements, newest first as readline wants them. */
function loadHistory(file: string | undefined): string[] {
  if (file === undefined) return [];
  try {
    return readFileSync(file, 'utf8').split('\n').filter(Boolean).reverse().slice(0, 1000);
  } catch {
    return [];
  }
}
