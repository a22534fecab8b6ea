// LIKE patterns: `%` matches any run of characters, `_` exactly one, and the ESCAPE character
// makes the next one literal. Matching walks code points with backtracking only to the last `%`,
// so no pattern can take more than (text length × pattern length) steps, and it checks the
// statement's time budget as it goes.
import { PartiqlEvaluationError } from './errors';

/** Steps of matching between two calls of its check. */
const CHECK_EVERY = 65_536;

type Piece = { kind: 'any' } | { kind: 'one' } | { kind: 'char'; char: string };

export class LikePattern {
  private constructor(private readonly pieces: Piece[]) {}

  /** Compiles `pattern`; `escape` is one character or undefined. */
  static compile(pattern: string, escape: string | undefined): LikePattern {
    if (escape !== undefined && [...escape].length !== 1) {
      throw new PartiqlEvaluationError(`a LIKE escape must be one character, not ${JSON.stringify(escape)}`, escape);
    }
    const chars = [...pattern];
    const pieces: Piece[] = [];
    for (let i = 0; i < chars.length; i++) {
      const char = chars[i];
      if (char === escape) {
        if (i + 1 >= chars.length) throw new PartiqlEvaluationError(`LIKE pattern ${JSON.stringify(pattern)} ends with its escape character`, pattern);
        pieces.push({ kind: 'char', char: chars[++i] });
      } else if (char === '%') {
        if (pieces[pieces.length - 1]?.kind !== 'any') pieces.push({ kind: 'any' });
      } else pieces.push(char === '_' ? { kind: 'one' } : { kind: 'char', char });
    }
    return new LikePattern(pieces);
  }

  /** Whether `text` matches; `check` (the time budget's) is called every CHECK_EVERY steps, as a long text and pattern take many. */
  matches(text: string, check?: () => void): boolean {
    const chars = [...text];
    let t = 0;
    let p = 0;
    let starPiece = -1;
    let starText = 0;
    for (let steps = 1; t < chars.length; steps++) {
      if (check && steps % CHECK_EVERY === 0) check();
      const piece = this.pieces[p];
      if (piece && (piece.kind === 'one' || (piece.kind === 'char' && piece.char === chars[t]))) {
        t++;
        p++;
      } else if (piece?.kind === 'any') {
        starPiece = p++;
        starText = t;
      } else if (starPiece >= 0) {
        p = starPiece + 1;
        t = ++starText;
      } else return false;
    }
    while (this.pieces[p]?.kind === 'any') p++;
    return p === this.pieces.length;
  }
}
